"""Claude on Amazon Bedrock through the Converse API, structured output by a forced tool.

botocore's retries are pinned (failover is the chain's job); timeouts are bounded by the
call's remaining budget. boto3 loads at first use, not at import.
"""

from __future__ import annotations

import asyncio
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from graphql_api.ai.engine import Completion, EngineCall, EngineError, FailureKind, FollowUp, retry_after
from graphql_api.ai.prompts import SYSTEM, user_prompt
from graphql_api.ai.schema import inline_json_schema
from graphql_api.core.enums import AIEngine, AITask

if TYPE_CHECKING:
    from graphql_api.config import Settings

TOOL_NAME = "submit_result"
TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelTimeoutException",
        "ModelNotReadyException",
        "ModelErrorException",
        "ServiceQuotaExceededException",
        "ModelStreamErrorException",
    }
)
CONFIGURATION_CODES = frozenset(
    {
        "ValidationException",
        "AccessDeniedException",
        "ResourceNotFoundException",
        "UnrecognizedClientException",
    }
)
BAD_STOP_REASONS = frozenset({"max_tokens", "content_filtered", "guardrail_intervened"})
HTTP_SERVER_ERROR = 500


class BedrockEngine:
    name = AIEngine.BEDROCK

    def __init__(self, settings: Settings) -> None:
        self.model = settings.bedrock_model_id
        self._settings = settings

    @property
    def configured(self) -> bool:
        return self._settings.bedrock_configured

    @lru_cache(maxsize=8)  # noqa: B019 - one engine per process; a few budget buckets
    def _client(self, read_timeout: int) -> Any:  # noqa: ANN401 - boto3 client
        import boto3  # noqa: PLC0415
        from botocore.config import Config  # noqa: PLC0415

        settings = self._settings
        config = Config(
            region_name=settings.aws_region,
            connect_timeout=settings.ai_connect_timeout_seconds,
            read_timeout=read_timeout,
            retries={"mode": "standard", "total_max_attempts": settings.ai_sdk_max_attempts},
        )
        return boto3.client("bedrock-runtime", endpoint_url=settings.bedrock_endpoint_url, config=config)

    def _converse(
        self, task: AITask, messages: list[dict[str, Any]], output: type[BaseModel], timeout: float
    ) -> dict[str, Any]:
        read_timeout = max(1, math.ceil(min(timeout, self._settings.ai_read_timeout_seconds)))
        client = self._client(read_timeout)
        response: dict[str, Any] = client.converse(
            modelId=self.model,
            system=[{"text": SYSTEM}],
            messages=messages,
            inferenceConfig={"maxTokens": self._settings.ai_max_output_tokens, "temperature": 0.2},
            toolConfig={
                "tools": [
                    {
                        "toolSpec": {
                            "name": TOOL_NAME,
                            "description": f"Submit the {task.value.replace('_', ' ')}.",
                            "inputSchema": {"json": inline_json_schema(output)},
                        }
                    }
                ],
                "toolChoice": {"tool": {"name": TOOL_NAME}},
            },
        )
        return response

    async def complete(self, call: EngineCall) -> Completion:
        task, request, output, timeout, follow_up = call
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

        if follow_up is None:
            messages = [{"role": "user", "content": [{"text": user_prompt(task, request)}]}]
        else:
            messages = [*follow_up.conversation, _tool_feedback(follow_up)]
        try:
            response = await asyncio.to_thread(self._converse, task, messages, output, timeout)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
            headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
            # A bare HTTP error (a proxy's HTML page) has no error type; botocore uses the status.
            reason = code if code and not code.isdigit() else f"HTTP{status}"
            if code in TRANSIENT_CODES or status >= HTTP_SERVER_ERROR:
                raise EngineError(FailureKind.TRANSIENT, reason, retry_after=retry_after(headers)) from exc
            raise EngineError(FailureKind.CONFIGURATION, reason) from exc
        except BotoCoreError as exc:
            raise EngineError(FailureKind.TRANSIENT, type(exc).__name__) from exc
        stop = str(response.get("stopReason", ""))
        if stop in BAD_STOP_REASONS:
            raise EngineError(FailureKind.INVALID_OUTPUT, f"StopReason:{stop}")
        message = response.get("output", {}).get("message", {})
        content = message.get("content", [])
        tool_input = next(
            (block["toolUse"].get("input") for block in content if "toolUse" in block),
            None,
        )
        if not tool_input:
            raise EngineError(FailureKind.INVALID_OUTPUT, "EmptyOutput")
        usage = response.get("usage", {})
        return Completion(
            tool_input,
            int(usage.get("inputTokens", 0)),
            int(usage.get("outputTokens", 0)),
            conversation=(*messages, message),
        )


def _tool_feedback(follow_up: FollowUp) -> dict[str, Any]:
    """The user turn after a forced tool call: the call's result is the feedback, as an error."""
    answer = follow_up.conversation[-1]
    tool_use_id = next(
        (block["toolUse"]["toolUseId"] for block in answer.get("content", []) if "toolUse" in block), ""
    )
    result = {"toolUseId": tool_use_id, "content": [{"text": follow_up.feedback}], "status": "error"}
    return {"role": "user", "content": [{"toolResult": result}]}
