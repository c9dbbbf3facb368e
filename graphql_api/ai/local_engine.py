"""The offline planner as an engine of the chain: always configured, never remote.

The planner and its catalogue load at the first local answer, not at cold start.
"""

from __future__ import annotations

from pydantic import BaseModel

from graphql_api.ai.engine import Completion, EngineCall, EngineError, FailureKind
from graphql_api.ai.requests import PhaseRequest, RiskRequest, SprintRequest, TemplateRequest
from graphql_api.core.enums import AIEngine, AITask


class LocalEngine:
    name = AIEngine.LOCAL
    model = "local-planner-v1"

    @property
    def configured(self) -> bool:
        return True

    async def complete(self, call: EngineCall) -> Completion:
        task, request, *_ = call  # the planner builds each output itself, with no network
        from graphql_api.ai import local  # noqa: PLC0415 - loaded at first use

        result: BaseModel
        if task == AITask.PHASE_PLAN and isinstance(request, PhaseRequest):
            result = local.phase_plan(request)
        elif task == AITask.SPRINT_PLAN and isinstance(request, SprintRequest):
            result = local.sprint_plan(request)
        elif task == AITask.TEMPLATE_DRAFT and isinstance(request, TemplateRequest):
            result = local.template_draft(request)
        elif task == AITask.RISK_ASSESSMENT and isinstance(request, RiskRequest):
            result = local.risk_draft(request)
        else:
            raise EngineError(FailureKind.CONFIGURATION, f"UnsupportedTask:{task.value}")
        return Completion(result.model_dump(mode="json"), 0, 0)
