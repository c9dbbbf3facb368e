"""The planner's look-ups in the catalogue: a discipline by name, a phase's stage, a stage's work.

A phase's stage comes from its name ("Construction", "Commissioning & handover") or,
when the name says nothing, from its place in the project; a sprint then gets the
discipline's work for that stage, so a handover sprint plans handover, not a survey.
"""

from __future__ import annotations

from graphql_api import catalogue
from graphql_api.catalogue import Discipline, Stage, WorkItem

_BY_POSITION = (Stage.DEFINE, Stage.DESIGN, Stage.BUILD, Stage.VERIFY)


def discipline(name: str) -> Discipline:
    known = catalogue.disciplines()
    return known.get(name.strip().casefold(), known[catalogue.FALLBACK])


def disciplines(names: list[str]) -> list[Discipline]:
    """Each known discipline once: two unknown names both fall back, and must not plan the same work twice."""
    found = list({d.name: d for d in (discipline(n) for n in names)}.values())
    return found or [catalogue.disciplines()[catalogue.FALLBACK]]


def stage_of(phase_name: str, index: int, count: int) -> Stage:
    name = phase_name.casefold()
    for entry in catalogue.stage_words():
        if any(word in name for word in entry.keywords):
            return entry.stage
    position = (index - 1) / max(count, 1)
    return _BY_POSITION[min(3, int(position * 4))]


def work_for(name: str, stage: Stage) -> tuple[WorkItem, ...]:
    """The discipline's work at this stage; the fallback discipline's where it has none."""
    known = catalogue.disciplines()
    fallback = known[catalogue.FALLBACK].work[stage]
    found = known.get(name)
    return (found.work.get(stage) if found else None) or fallback
