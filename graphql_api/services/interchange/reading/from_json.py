"""This API's own export (iep.project-export/1) back into a plan: lossless for what is stored.

Structure, text, statuses, completion dates, hours, dependencies, baselines and the
latest risk assessment come back under fresh ids (references follow); what the API
derives (dates, float, analytics) is derived again, and generation info, members'
accounts and ids are not carried over. The team roster (names, emails, roles,
allocations) is planning data, not membership, and comes back as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from graphql_api.core.enums import DependencyType, RiskStatus, WorkStatus
from graphql_api.services.interchange.reading.plan import ImportedPlan, bad, new_id, text
from graphql_api.services.jsoncase import snake_keys
from graphql_api.services.models import (
    Baseline,
    Phase,
    PhaseContent,
    PhaseLink,
    PhaseText,
    Risk,
    Sprint,
    SprintContent,
    Task,
)
from graphql_api.services.projects.specs import MemberSpec

if TYPE_CHECKING:
    from graphql_api.config import Limits

SCHEMA_VERSION = "iep.project-export/1"
ESTIMATE_HOURS_MAX = 1_000  # as TaskInput.estimateHours


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def read(content: str, limits: Limits) -> ImportedPlan:  # noqa: C901, PLR0912, PLR0915 - one document, top to bottom
    try:
        doc = json.loads(content)
    except (ValueError, RecursionError):
        raise bad("it is not valid JSON (or nests too deeply).") from None
    if not isinstance(doc, dict) or doc.get("schemaVersion") != SCHEMA_VERSION:
        raise bad(f"it is not a {SCHEMA_VERSION} export of this API.")
    p = doc.get("project")
    if not isinstance(p, dict) or not isinstance(p.get("phases"), list):
        raise bad("it has no project with phases.")
    name, long_text = limits.name_length, limits.text_length
    try:
        plan = ImportedPlan(
            name=text(p.get("name"), "the project's name", name, required=True),
            requirements=text(
                p.get("requirements"), "the requirements", limits.requirements_length, required=True
            ),
            start_date=date.fromisoformat(str(p.get("startDate"))),
            disciplines=[text(d, "a discipline", name) for d in p.get("disciplines") or []][
                : limits.list_items
            ],
            constraints=[text(c, "a constraint", long_text) for c in p.get("constraints") or []][
                : limits.list_items
            ],
        )
        plan.team = [
            MemberSpec(
                name=str(m.get("name") or ""),
                role=str(m.get("role") or ""),
                email=m.get("email") or None,
                allocation=m.get("allocation"),
            )
            for m in p.get("team") or []
        ]
        ids: dict[str, str] = {}
        task_links: list[tuple[Task, list[str]]] = []
        phase_links: list[tuple[Phase, list[dict[str, Any]]]] = []
        for ph in p["phases"]:
            phase = Phase(
                id=new_id(),
                name=text(ph.get("name"), "a phase's name", name, required=True),
                status=WorkStatus(ph.get("status", "NOT_STARTED")),
                description=text(ph.get("description"), "a phase's description", long_text),
                duration_weeks=ph.get("durationWeeks"),
            )
            ids[str(ph.get("id"))] = phase.id
            phase_text = PhaseText()
            if ph.get("content"):
                phase_text.phase = PhaseContent.model_validate(snake_keys(ph["content"]))
            for sp in ph.get("sprints") or []:
                sprint = Sprint(
                    id=new_id(),
                    name=text(sp.get("name"), "a sprint's name", name, required=True),
                    status=WorkStatus(sp.get("status", "NOT_STARTED")),
                    goal=text(sp.get("goal"), "a sprint's goal", long_text),
                )
                ids[str(sp.get("id"))] = sprint.id
                if sp.get("content"):
                    phase_text.sprints[sprint.id] = SprintContent.model_validate(snake_keys(sp["content"]))
                for t in sp.get("tasks") or []:
                    task = Task(
                        id=new_id(),
                        title=text(t.get("title"), "a task's title", name, required=True),
                        discipline=text(t.get("discipline"), "a discipline", name) or None,
                        role=text(t.get("role"), "a role", name) or None,
                        estimate_hours=float(t.get("estimateHours") or 0),
                        story_points=int(t.get("storyPoints") or 0),
                        status=WorkStatus(t.get("status", "NOT_STARTED")),
                        completed_at=_moment(t.get("completedAt")),
                        actual_hours=float(t.get("actualHours") or 0),
                        generated=bool(t.get("generated")),
                    )
                    if not (
                        0 <= task.estimate_hours <= ESTIMATE_HOURS_MAX
                        and 0 <= task.actual_hours <= limits.actual_hours_max
                    ):
                        raise bad(f"task '{task.title}' has hours out of range.")
                    ids[str(t.get("id"))] = task.id
                    description = text(t.get("description"), "a task's description", long_text)
                    if description:
                        phase_text.task_descriptions[task.id] = description
                    task_links.append((task, [str(i) for i in t.get("dependsOn") or []]))
                    sprint.tasks.append(task)
                phase.sprints.append(sprint)
            phase_links.append((phase, list(ph.get("dependsOn") or [])))
            if phase_text.phase or phase_text.sprints or phase_text.task_descriptions:
                plan.texts[phase.id] = phase_text
                phase.has_text = True
            plan.phases.append(phase)
        for task, depends_on in task_links:
            if any(i not in ids for i in depends_on):
                raise bad(f"task '{task.title}' depends on a task that is not in the file.")
            task.depends_on = [ids[i] for i in depends_on]
        for phase, links in phase_links:
            if any(str(link.get("phaseId")) not in ids for link in links):
                raise bad(f"phase '{phase.name}' depends on a phase that is not in the file.")
            phase.depends_on = [
                PhaseLink(
                    phase_id=ids[str(link["phaseId"])],
                    type=DependencyType(link.get("type", "FINISH_TO_START")),
                    lag_days=max(
                        -limits.lag_days_max, min(limits.lag_days_max, int(link.get("lagDays") or 0))
                    ),
                )
                for link in links
            ]
        for b in (p.get("baselines") or [])[: limits.baselines_per_project]:
            baseline = Baseline.model_validate(snake_keys(b))
            baseline.id = new_id()
            baseline.phases = [
                bp.model_copy(update={"phase_id": ids.get(bp.phase_id, bp.phase_id)})
                for bp in baseline.phases
            ]
            plan.baselines.append(baseline)
        risk = p.get("riskAssessment")
        if isinstance(risk, dict):
            plan.risk_summary = text(risk.get("summary"), "the risk summary", long_text)
            for r in risk.get("risks") or []:
                entry = Risk.model_validate(
                    snake_keys({k: v for k, v in r.items() if k not in {"score", "level"}})
                )
                entry.id = new_id()
                entry.status = RiskStatus(entry.status)
                entry.phase_id = ids.get(entry.phase_id or "") if entry.phase_id else None
                plan.risks.append(entry)
    except (ValueError, TypeError, KeyError, AttributeError, ValidationError) as exc:
        raise bad(f"a field has the wrong shape ({type(exc).__name__}).") from None
    return plan
