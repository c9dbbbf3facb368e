"""The export document: the whole project as plain data, the source of every format.

Its JSON form is the lossless export (`schemaVersion` "iep.project-export/1"): every
stored field, content and generation info, derived dates and the analytics, so a later
import can rebuild the project. Keys use the GraphQL API's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from graphql_api.ai.meta import GenerationInfo
from graphql_api.services.analytics import Analytics
from graphql_api.services.jsoncase import camel_keys
from graphql_api.services.models import PhaseText, Project, RiskAssessment
from graphql_api.services.projects.baselines import variance_days
from graphql_api.services.schedule.plan import plan_dates

if TYPE_CHECKING:
    from graphql_api.services.proposals.records import Proposal

SCHEMA_VERSION = "iep.project-export/1"


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def _generation(info: GenerationInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "engine": info.engine.value,
        "model": info.model,
        "cached": info.cached,
        "generatedAt": _when(info.generated_at),
        "inputTokens": info.input_tokens,
        "outputTokens": info.output_tokens,
        "costUsd": info.cost_usd,
    }


def _camel(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = camel_keys(data)
    return result


def build_document(
    project: Project,
    texts: dict[str, PhaseText],
    risk: RiskAssessment | None,
    analytics: Analytics,
    proposals: Sequence[Proposal] = (),
) -> dict[str, Any]:
    dates = plan_dates(project)
    phases = []
    for order, phase in enumerate(project.phases, start=1):
        span = dates.span(phase)
        text = texts.get(phase.id, PhaseText())
        sprints = []
        for index, (sprint, sprint_span) in enumerate(
            zip(phase.sprints, dates.sprints(phase), strict=True), start=1
        ):
            content = text.sprints.get(sprint.id)
            sprints.append(
                {
                    "id": sprint.id,
                    "name": sprint.name,
                    "order": index,
                    "status": sprint.status.value,
                    "goal": sprint.goal,
                    "startDate": _when(sprint_span.start),
                    "endDate": _when(sprint_span.end),
                    "content": _camel(content.model_dump()) if content else None,
                    "generation": _generation(sprint.generation),
                    "tasks": [
                        {
                            "id": t.id,
                            "title": t.title,
                            "description": text.task_descriptions.get(t.id, ""),
                            "discipline": t.discipline,
                            "role": t.role,
                            "estimateHours": t.estimate_hours,
                            "storyPoints": t.story_points,
                            "status": t.status.value,
                            "completedAt": _when(t.completed_at),
                            "actualHours": t.actual_hours,
                            "dependsOn": list(t.depends_on),
                            "assigneeId": t.assignee_id,
                            "generated": t.generated,
                        }
                        for t in sprint.tasks
                    ],
                }
            )
        phase_content = None
        if text.phase is not None:
            dumped = text.phase.model_dump()
            phase_content = _camel(dumped) | {
                "deliverables": [_camel(d) for d in dumped["deliverables"]],
                "milestones": [_camel(m) for m in dumped["milestones"]],
                "roles": [_camel(r) for r in dumped["roles"]],
            }
        phases.append(
            {
                "id": phase.id,
                "name": phase.name,
                "order": order,
                "status": phase.status.value,
                "description": phase.description,
                "durationWeeks": phase.duration_weeks,
                "startDate": _when(span.start),
                "endDate": _when(span.end),
                "dependsOn": [
                    {"phaseId": d.predecessor, "type": d.link.value, "lagDays": d.lag_days}
                    for d in dates.links[phase.id]
                ],
                "totalFloatDays": dates.phases[phase.id].total_float_days,
                "critical": dates.phases[phase.id].critical,
                "content": phase_content,
                "generation": _generation(phase.generation),
                "sprints": sprints,
            }
        )
    return {
        "schemaVersion": SCHEMA_VERSION,
        "exportedAt": _when(datetime.now().astimezone()),
        "project": {
            "id": project.id,
            "name": project.name,
            "requirements": project.requirements,
            "constraints": list(project.constraints),
            "disciplines": list(project.disciplines),
            "status": project.status.value,
            "templateId": project.template_id,
            "startDate": _when(project.start_date),
            "endDate": _when(dates.end or project.start_date),  # the latest phase end, not the last's
            "criticalPath": list(dates.critical_path),
            "baselines": [_camel(b.model_dump(mode="json")) for b in project.baselines],
            "scheduleVarianceDays": variance_days(project, dates),
            "team": [_camel(m.model_dump()) for m in project.team],
            "members": [  # no invitations: their token hashes stay in the outline
                {
                    "userId": m.user_id,
                    "name": m.name,
                    "email": m.email,
                    "role": m.role.value,
                    "allocation": m.allocation,
                }
                for m in project.members
            ],
            "version": project.version,
            "createdAt": _when(project.created_at),
            "updatedAt": _when(project.updated_at),
            "phases": phases,
            "riskAssessment": _risk(risk),
            "analytics": _analytics(analytics),
            "proposals": [  # newest first, as Project.proposals; a change's fingerprint stays inside
                _camel(p.model_dump(mode="json", exclude={"changes": {"__all__": {"base"}}}))
                for p in reversed(proposals)
            ],
        },
    }


def _risk(risk: RiskAssessment | None) -> dict[str, Any] | None:
    if risk is None:
        return None
    return {
        "id": risk.id,
        "overallLevel": risk.overall_level.value,
        "summary": risk.summary,
        "createdAt": _when(risk.created_at),
        "generation": _generation(risk.generation),
        "risks": [
            _camel(r.model_dump(mode="json")) | {"score": r.score, "level": r.level.value} for r in risk.risks
        ],
    }


def _analytics(result: Analytics) -> dict[str, Any]:
    return _camel(result.model_dump(mode="json", exclude={"ai"})) | {
        "ai": {
            "requests": result.ai.requests,
            "cacheHits": result.ai.cache_hits,
            "failovers": result.ai.failovers,
            "inputTokens": result.ai.input_tokens,
            "outputTokens": result.ai.output_tokens,
            "costUsd": round(result.ai.cost_usd, 6),
        },
    }
