"""The export document: the whole project as plain data, the source of every format.

Its JSON form is the lossless export (`schemaVersion` "iep.project-export/1"): every
stored field, content and generation info, derived dates and the analytics, so a later
import can rebuild the project. Keys use the GraphQL API's names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graphql_api.ai.meta import GenerationInfo
from graphql_api.services.analytics import Analytics
from graphql_api.services.models import PhaseText, Project, RiskAssessment
from graphql_api.services.schedule.spans import phase_spans, sprint_spans

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
    def convert(key: str) -> str:
        head, *rest = key.split("_")
        return head + "".join(part.title() for part in rest)

    return {convert(k): v for k, v in data.items()}


def build_document(
    project: Project, texts: dict[str, PhaseText], risk: RiskAssessment | None, analytics: Analytics
) -> dict[str, Any]:
    spans = phase_spans(project.start_date, [p.duration_weeks for p in project.phases])
    phases = []
    for order, (phase, span) in enumerate(zip(project.phases, spans, strict=True), start=1):
        text = texts.get(phase.id, PhaseText())
        sprints = []
        for index, (sprint, sprint_span) in enumerate(
            zip(phase.sprints, sprint_spans(span, len(phase.sprints)), strict=True), start=1
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
            "endDate": phases[-1]["endDate"] if phases else _when(project.start_date),
            "team": [_camel(m.model_dump()) for m in project.team],
            "version": project.version,
            "createdAt": _when(project.created_at),
            "updatedAt": _when(project.updated_at),
            "phases": phases,
            "riskAssessment": _risk(risk),
            "analytics": _analytics(analytics),
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
    def counts(c: Any) -> dict[str, int]:  # noqa: ANN401 - a StatusCounts
        return {
            "total": c.total,
            "notStarted": c.not_started,
            "inProgress": c.in_progress,
            "blocked": c.blocked,
            "done": c.done,
        }

    return {
        "completion": result.completion,
        "phases": counts(result.phases),
        "sprints": counts(result.sprints),
        "tasks": counts(result.tasks),
        "estimatedHours": result.estimated_hours,
        "completedHours": result.completed_hours,
        "hoursByDiscipline": [{"key": k, "hours": h} for k, h in result.hours_by_discipline],
        "hoursByRole": [{"key": k, "hours": h} for k, h in result.hours_by_role],
        "velocity": [
            {
                "sprintId": v.sprint_id,
                "name": v.name,
                "plannedPoints": v.planned_points,
                "completedPoints": v.completed_points,
            }
            for v in result.velocity
        ],
        "burndown": [
            {"date": _when(b.date), "remainingPoints": b.remaining_points, "idealPoints": b.ideal_points}
            for b in result.burndown
        ],
        "riskExposure": result.risk_exposure,
        "risksByLevel": [{"level": level.value, "count": count} for level, count in result.risks_by_level],
        "ai": {
            "requests": result.ai.requests,
            "cacheHits": result.ai.cache_hits,
            "failovers": result.ai.failovers,
            "inputTokens": result.ai.input_tokens,
            "outputTokens": result.ai.output_tokens,
            "costUsd": round(result.ai.cost_usd, 6),
        },
    }
