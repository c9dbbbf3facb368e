"""Engineering knowledge as data: disciplines, lifecycle stages and the built-in lifecycles.

The records live in TOML files beside this module and are read once, at first use, so
neither the cold start nor a module's size pays for them. Both the offline planner
(`ai/`) and the templates (`services/`) read this one catalogue; it imports neither.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from graphql_api.catalogue.records import (
    Deliverable,
    Discipline,
    Lifecycle,
    LifecyclePhase,
    RiskEntry,
    RoleTrigger,
    Stage,
    StageWords,
    WorkItem,
)

_HERE = Path(__file__).parent
FALLBACK = "engineering"


def _load(name: str) -> dict[str, Any]:
    with (_HERE / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _discipline(name: str, raw: dict[str, Any]) -> Discipline:
    return Discipline(
        name=name,
        lead_role=raw["lead_role"],
        deliverables=tuple(Deliverable(**d) for d in raw.get("deliverables", ())),
        risks=tuple(
            RiskEntry(**{**r, "stage": Stage(r.get("stage", "build"))}) for r in raw.get("risks", ())
        ),
        acceptance=tuple(raw.get("acceptance", ())),
        work={Stage(s): tuple(WorkItem(**w) for w in items) for s, items in raw.get("work", {}).items()},
    )


@cache
def disciplines() -> dict[str, Discipline]:
    """Every known discipline by name; `FALLBACK` is the one for fields not listed."""
    return {name: _discipline(name, raw) for name, raw in _load("disciplines").items()}


@cache
def synonyms() -> dict[str, str]:
    """A user's word for a discipline -> the catalogue's name (synonyms.toml)."""
    return {k.casefold(): v for k, v in _load("synonyms")["synonyms"].items()}


@cache
def stage_words() -> tuple[StageWords, ...]:
    return tuple(StageWords(Stage(s["stage"]), tuple(s["keywords"])) for s in _load("stages")["stages"])


@cache
def steps() -> dict[str, dict[Stage, tuple[str, ...]]]:
    """Kind of project -> stage -> the stage's steps in order, "{}" the scope item (breakdown.toml)."""
    return {
        kind: {Stage(s): tuple(v) for s, v in stages.items()} for kind, stages in _load("breakdown").items()
    }


def _phase(raw: dict[str, Any]) -> LifecyclePhase:
    return LifecyclePhase(**raw)


@cache
def lifecycles() -> tuple[Lifecycle, ...]:
    """The built-in lifecycles, in the order users see them."""
    return tuple(
        Lifecycle(
            id=raw["id"],
            name=raw["name"],
            description=raw["description"],
            disciplines=tuple(raw["disciplines"]),
            phases=tuple(_phase(p) for p in raw["phases"]),
            dynamic_roles=tuple(RoleTrigger(**r) for r in raw.get("dynamic_roles", ())),
        )
        for raw in _load("lifecycles")["templates"]
    )


@cache
def generic_lifecycle() -> tuple[LifecyclePhase, ...]:
    return tuple(_phase(p) for p in _load("lifecycles")["generic"])


__all__ = [
    "FALLBACK",
    "Deliverable",
    "Discipline",
    "Lifecycle",
    "LifecyclePhase",
    "RiskEntry",
    "RoleTrigger",
    "Stage",
    "StageWords",
    "WorkItem",
    "disciplines",
    "generic_lifecycle",
    "lifecycles",
    "stage_words",
    "synonyms",
]
