"""The exported task table (CSV) back into a plan: phases and sprints in order of first appearance.

Sprint dates give each phase its length (weeks, rounded up) and the project its start;
cells the exporter neutralised against formula injection are restored to their text
(and neutralised again on the next export).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import TYPE_CHECKING

from graphql_api.core.enums import WorkStatus
from graphql_api.services.interchange.reading.plan import ImportedPlan, bad, new_id, text, weeks_between
from graphql_api.services.interchange.text import from_spreadsheet_cell
from graphql_api.services.models import Phase, PhaseText, Sprint, Task

if TYPE_CHECKING:
    from graphql_api.config import Limits

REQUIRED = {"phase", "sprint", "title"}


def read(content: str, limits: Limits, name: str | None) -> ImportedPlan:  # noqa: C901, PLR0912 - one table, top to bottom
    reader = csv.DictReader(io.StringIO(content.removeprefix("\ufeff")))
    if not set(reader.fieldnames or ()) >= REQUIRED:
        raise bad(f"a CSV task table needs the columns {', '.join(sorted(REQUIRED))}.")
    phases: dict[tuple[str, str], Phase] = {}
    sprints: dict[tuple[str, str, str, str], Sprint] = {}
    spans: dict[str, list[date]] = {}
    texts: dict[str, PhaseText] = {}
    project_name = name
    try:
        for number, raw in enumerate(reader, start=2):
            if number > 2 + limits.phases_per_project * limits.sprints_per_phase * limits.tasks_per_sprint:
                raise bad("too many rows.")
            row = {k: from_spreadsheet_cell(v or "") for k, v in raw.items() if k is not None}
            project_name = project_name or row.get("project") or None
            phase_key = (row.get("phase_order", ""), row["phase"])
            phase = phases.get(phase_key)
            if phase is None:
                phase = Phase(
                    id=new_id(), name=text(row["phase"], "a phase's name", limits.name_length, required=True)
                )
                phases[phase_key] = phase
            sprint_key = (*phase_key, row.get("sprint_order", ""), row["sprint"])
            sprint = sprints.get(sprint_key)
            if sprint is None:
                sprint = Sprint(
                    id=new_id(),
                    name=text(row["sprint"], "a sprint's name", limits.name_length, required=True),
                )
                sprints[sprint_key] = sprint
                phase.sprints.append(sprint)
            for column in ("sprint_start", "sprint_end"):
                if row.get(column):
                    spans.setdefault(phase.id, []).append(date.fromisoformat(row[column]))
            if not row["title"].strip():
                continue  # a sprint without tasks may still be listed
            status = WorkStatus(row.get("status") or "NOT_STARTED")
            completed = row.get("completed_at")
            task = Task(
                id=new_id(),
                title=text(row["title"], "a task's title", limits.name_length, required=True),
                discipline=text(row.get("discipline"), "a discipline", limits.name_length) or None,
                role=text(row.get("role"), "a role", limits.name_length) or None,
                estimate_hours=float(row.get("estimate_hours") or 0),
                story_points=int(float(row.get("story_points") or 0)),
                status=status,
                completed_at=datetime.fromisoformat(completed) if completed else None,
                actual_hours=float(row.get("actual_hours") or 0),
            )
            description = text(row.get("description"), "a task's description", limits.text_length)
            if description:
                texts.setdefault(phase.id, PhaseText()).task_descriptions[task.id] = description
            sprint.tasks.append(task)
    except (ValueError, KeyError) as exc:
        raise bad(f"row {reader.line_num} has a value of the wrong kind ({type(exc).__name__}).") from None
    except csv.Error as exc:
        raise bad(f"it is not valid CSV ({exc}).") from None
    starts = [d for days in spans.values() for d in days]
    for phase in phases.values():
        days = spans.get(phase.id)
        if days:
            phase.duration_weeks = weeks_between(min(days), max(days))
        phase.has_text = phase.id in texts
    return ImportedPlan(
        name=text(project_name or "Imported plan", "the project's name", limits.name_length, required=True),
        requirements="Imported from a CSV task table.",
        start_date=min(starts) if starts else date.today(),  # noqa: DTZ011 - a date, as createProject's default
        phases=list(phases.values()),
        texts=texts,
    )
