"""MS Project XML (MSPDI, as MS Project, ProjectLibre or MPXJ write it) into a plan.

Outline level 1 summary tasks become phases, level 2 summaries sprints, leaf tasks
tasks (deeper levels fold into their sprint; a leaf directly under a phase goes into a
sprint named after the phase). The file's start is the project's start; a phase's
Start..Finish becomes whole weeks, rounded up; predecessor links between phases become
dependencies (FS, or SS; FF and SF read as FS) with their lag in days; 100 % complete
is DONE; work resources become the team roster (Group is the role, MaxUnits the
allocation). Parsed with defusedxml: a DTD or an entity is refused, not expanded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from graphql_api.core.enums import DependencyType, WorkStatus
from graphql_api.services.interchange.reading.plan import ImportedPlan, bad, new_id, text, weeks_between
from graphql_api.services.models import Phase, PhaseLink, PhaseText, Sprint, Task
from graphql_api.services.projects.specs import MemberSpec

if TYPE_CHECKING:
    from collections.abc import Callable
    from xml.etree.ElementTree import Element

    from graphql_api.config import Limits

_TENTHS_PER_DAY = {"7": 4_800, "8": 14_400}  # LagFormat: days (8 h) and elapsed days (24 h)


def _duration_hours(value: str | None) -> float:
    """PT12H30M0S -> 12.5."""
    if not value or not value.startswith("PT"):
        return 0.0
    hours = minutes = 0.0
    number = ""
    for char in value[2:]:
        if char.isdigit() or char == ".":
            number += char
        elif char == "H":
            hours, number = float(number or 0), ""
        elif char == "M":
            minutes, number = float(number or 0), ""
        else:
            number = ""
    return round(hours + minutes / 60, 2)


def _day(value: str | None) -> date | None:
    return datetime.fromisoformat(value).date() if value else None


def read(content: str, limits: Limits, name: str | None) -> ImportedPlan:  # noqa: C901, PLR0912, PLR0915 - one file, top to bottom
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # noqa: PLC0415 - at first use
    from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]  # noqa: PLC0415

    try:
        root = fromstring(content.encode())
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise bad(f"it is not MS Project XML that can be read safely ({type(exc).__name__}).") from None
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    if root.tag != f"{ns}Project":
        raise bad("its root element is not an MS Project <Project>.")

    def get(node: Element, tag: str) -> str | None:
        found = node.find(f"{ns}{tag}")
        return found.text if found is not None and found.text is not None else None

    start = _day(get(root, "StartDate")) or date.today()  # noqa: DTZ011 - a date, as createProject's default
    phases: list[Phase] = []
    by_uid: dict[str, Phase] = {}
    links: list[tuple[Phase, Element]] = []
    texts: dict[str, PhaseText] = {}
    phase: Phase | None = None
    sprint: Sprint | None = None
    nodes = root.findall(f"{ns}Tasks/{ns}Task")
    if len(nodes) > limits.phases_per_project * (
        1 + limits.sprints_per_phase * (1 + limits.tasks_per_sprint)
    ):
        raise bad("too many tasks.")
    try:
        for node in nodes:
            level = int(get(node, "OutlineLevel") or 0)
            task_name = get(node, "Name")
            if level == 0 or not task_name:
                continue  # the project summary task, or a blank row
            summary = get(node, "Summary") == "1"
            done = float(get(node, "PercentComplete") or 0) >= 100  # noqa: PLR2004
            if level == 1:
                phase = Phase(
                    id=new_id(), name=text(task_name, "a phase's name", limits.name_length, required=True)
                )
                begin, end = _day(get(node, "Start")), _day(get(node, "Finish"))
                if begin and end and end >= begin:
                    phase.duration_weeks = weeks_between(begin, end)
                notes = get(node, "Notes")
                phase.description = text(notes, "a phase's notes", limits.text_length) if notes else ""
                phases.append(phase)
                uid = get(node, "UID")
                if uid is not None:
                    by_uid[uid] = phase
                links.append((phase, node))
                sprint = None
                continue
            if phase is None:
                raise bad(f"task '{task_name}' comes before any phase (outline level 1).")
            if level == 2 and summary:  # noqa: PLR2004
                sprint = Sprint(
                    id=new_id(), name=text(task_name, "a sprint's name", limits.name_length, required=True)
                )
                goal = get(node, "Notes")
                sprint.goal = text(goal, "a sprint's notes", limits.text_length) if goal else ""
                phase.sprints.append(sprint)
                continue
            if summary:
                continue  # a deeper summary: its leaves fold into the current sprint
            if level == 2 or sprint is None:  # noqa: PLR2004 - a leaf directly under a phase
                sprint = next((s for s in phase.sprints if s.name == phase.name), None)
                if sprint is None:
                    sprint = Sprint(id=new_id(), name=phase.name)
                    phase.sprints.append(sprint)
            task = Task(
                id=new_id(),
                title=text(task_name, "a task's title", limits.name_length, required=True),
                estimate_hours=min(1_000.0, _duration_hours(get(node, "Work"))),
                actual_hours=min(float(limits.actual_hours_max), _duration_hours(get(node, "ActualWork"))),
                status=WorkStatus.DONE if done else WorkStatus.NOT_STARTED,
            )
            finished = _day(get(node, "ActualFinish") or get(node, "Finish")) if done else None
            if finished is not None:  # a completion day, at 00:00Z as completedOn records it
                task.completed_at = datetime.combine(finished, time(0), tzinfo=UTC)
            notes = get(node, "Notes")
            if notes:
                described = text(notes, "a task's notes", limits.text_length)
                texts.setdefault(phase.id, PhaseText()).task_descriptions[task.id] = described
            sprint.tasks.append(task)
        for target, node in links:
            stored = []
            for link in node.findall(f"{ns}PredecessorLink"):
                predecessor = by_uid.get(get(link, "PredecessorUID") or "")
                if predecessor is None or predecessor is target:
                    continue  # a link to a sprint or a task: only phase links are kept
                kind = (
                    DependencyType.START_TO_START
                    if get(link, "Type") == "3"
                    else DependencyType.FINISH_TO_START
                )
                per_day = _TENTHS_PER_DAY.get(get(link, "LagFormat") or "7", 4_800)
                lag = round(int(float(get(link, "LinkLag") or 0)) / per_day)
                lag = max(-limits.lag_days_max, min(limits.lag_days_max, lag))
                stored.append(PhaseLink(phase_id=predecessor.id, type=kind, lag_days=lag))
            target.depends_on = stored
    except (ValueError, TypeError) as exc:
        raise bad(f"a value has the wrong form ({type(exc).__name__}).") from None
    for item in phases:
        item.has_text = item.id in texts
    try:
        team = _resources(root, ns, get)
    except ValueError as exc:
        raise bad(f"a resource has a value of the wrong form ({type(exc).__name__}).") from None
    return ImportedPlan(
        name=text(name or get(root, "Name") or get(root, "Title") or "Imported plan", "the project's name",
                  limits.name_length, required=True),
        requirements="Imported from an MS Project file.",
        start_date=start,
        phases=phases,
        texts=texts,
        team=team,
    )  # fmt: skip


WORK_RESOURCE = "1"  # MSPDI Resource Type: 0 material, 1 work, 2 cost


def _resources(root: Element, ns: str, get: Callable[[Element, str], str | None]) -> list[MemberSpec]:
    """Work resources with units become the team roster: Group is the role, MaxUnits the allocation.

    Material and cost resources are not people; a resource without a name (MS Project's
    blank row) is skipped, and a name seen before is the same person.
    """
    team: dict[str, MemberSpec] = {}
    for node in root.findall(f"{ns}Resources/{ns}Resource"):
        name = (get(node, "Name") or "").strip()
        if not name or (get(node, "Type") or WORK_RESOURCE) != WORK_RESOURCE or name in team:
            continue
        units = get(node, "MaxUnits")
        team[name] = MemberSpec(
            name=name,
            role=(get(node, "Group") or "").strip() or "Team member",
            email=(get(node, "EmailAddress") or "").strip() or None,
            allocation=min(1.0, max(0.0, float(units))) if units else 1.0,
        )
    return list(team.values())
