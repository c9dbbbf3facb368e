"""The phases a project gets when it names neither a template nor its own phases."""

from __future__ import annotations

from collections.abc import Iterable

from graphql_api.services.builtin_templates import BUILTIN_TEMPLATES
from graphql_api.services.models import TemplatePhase

GENERIC_LIFECYCLE: tuple[TemplatePhase, ...] = (
    TemplatePhase(
        name="Concept",
        description="Problem statement, stakeholders, scope and feasibility.",
        duration_weeks=2,
        sprint_count=1,
    ),
    TemplatePhase(
        name="Requirements",
        description="Functional and non-functional requirements with acceptance criteria.",
        duration_weeks=3,
        sprint_count=2,
    ),
    TemplatePhase(
        name="Design",
        description="Architecture, interfaces, design reviews and a verification plan.",
        duration_weeks=4,
        sprint_count=2,
    ),
    TemplatePhase(
        name="Build",
        description="Implementation in increments with reviews and unit verification.",
        duration_weeks=8,
        sprint_count=4,
    ),
    TemplatePhase(
        name="Verification",
        description="Integration, testing against requirements and defect resolution.",
        duration_weeks=4,
        sprint_count=2,
    ),
    TemplatePhase(
        name="Delivery",
        description="Acceptance, documentation, handover and lessons learned.",
        duration_weeks=2,
        sprint_count=1,
    ),
)


def _normalise(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


def default_phases(disciplines: Iterable[str]) -> list[TemplatePhase]:
    """The built-in lifecycle sharing most disciplines with the project, else a generic one.

    Ties go to the template whose disciplines the project covers best (Jaccard), so a
    'civil, structural' project gets the civil lifecycle, not the systems one.
    """
    wanted = _normalise(disciplines)
    best: tuple[float, int] | None = None
    best_phases: list[TemplatePhase] | None = None
    for template in BUILTIN_TEMPLATES:
        have = _normalise(template.disciplines)
        shared = len(wanted & have)
        if not shared:
            continue
        score = (shared / len(wanted | have), shared)
        if best is None or score > best:
            best, best_phases = score, list(template.phases)
    return best_phases if best_phases is not None else list(GENERIC_LIFECYCLE)
