"""The planner's look-ups in the catalogue: a discipline by name, a phase's stage, a stage's work.

A phase's stage comes from its name ("Construction", "Commissioning & handover") or,
when the name says nothing, from its place in the project; a sprint then gets the
discipline's work for that stage, so a handover sprint plans handover, not a survey.
"""

from __future__ import annotations

from graphql_api import catalogue
from graphql_api.ai.scope import Kind
from graphql_api.catalogue import Discipline, Stage, WorkItem

_BY_POSITION = (Stage.DEFINE, Stage.DESIGN, Stage.BUILD, Stage.VERIFY)


def discipline(name: str) -> Discipline:
    """By exact name, then a synonym of the whole phrase, then of any of its words; else the fallback."""
    known, synonyms = catalogue.disciplines(), catalogue.synonyms()
    phrase = " ".join(name.casefold().replace("/", " ").replace("-", " ").split())
    if phrase in known:
        return known[phrase]
    if phrase in synonyms:
        return known[synonyms[phrase]]
    for word in phrase.split():
        if word in known:
            return known[word]
        if word in synonyms:
            return known[synonyms[word]]
    return known[catalogue.FALLBACK]


# What a discipline means depends on the project: "electrical" in a building, a pumping
# station or a solar farm is power and building services, in a product it is electronics.
FACILITY_READING = {"electrical": "power", "mechanical": "mechanical services"}


def disciplines(names: list[str], kind: Kind | None = None) -> list[Discipline]:
    """Each known discipline once, read for the project's kind: two unknown names both fall back once."""
    found_names = [discipline(n).name for n in names]
    if kind in {Kind.FACILITY, Kind.RESEARCH}:
        found_names = [FACILITY_READING.get(n, n) for n in found_names]
    known = catalogue.disciplines()
    found = [known[n] for n in dict.fromkeys(found_names)]
    return found or [known[catalogue.FALLBACK]]


def stage_of(phase_name: str, index: int, count: int, description: str = "") -> Stage:
    """The stage whose words the phase's name (twice as telling) and description use most.

    Every stage is scored, not the first one with a hit: "510(k) submission & design
    transfer" is regulatory hand-over work, not design. A tie, or no word at all, goes to
    the stage nearest the phase's place in the lifecycle.
    """
    name, text = phase_name.casefold(), description.casefold()
    by_position = _BY_POSITION[min(3, int((index - 1) / max(count, 1) * 4))]
    scores = {
        entry.stage: sum(2 * (word in name) + (word in text) for word in entry.keywords)
        for entry in catalogue.stage_words()
    }
    best = max(scores.values(), default=0)
    if best == 0:
        return by_position
    tied = [stage for stage, score in scores.items() if score == best]
    home = _BY_POSITION.index(by_position)
    return min(tied, key=lambda stage: (abs(_BY_POSITION.index(stage) - home), _BY_POSITION.index(stage)))


def work_for(name: str, stage: Stage) -> tuple[WorkItem, ...]:
    """The discipline's work at this stage; the fallback discipline's where it has none."""
    known = catalogue.disciplines()
    fallback = known[catalogue.FALLBACK].work[stage]
    found = known.get(name)
    return (found.work.get(stage) if found else None) or fallback
