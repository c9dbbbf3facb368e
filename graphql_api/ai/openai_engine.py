"""Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, LM Studio, a gateway).

Structured output asks for `response_format: json_schema`; a server that refuses it
(many local servers answer 400 or 422 for an unknown format) is asked again in JSON
mode, and remembered, so it costs one extra call per process, not per request. The
SDK's own retries are off (failover is the chain's job); its timeout is the call's
remaining budget. The `openai` package loads at the first call.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from graphql_api.ai.engine import Completion, EngineCall, EngineError, FailureKind, retry_after
from graphql_api.ai.prompts import SYSTEM, user_prompt
from graphql_api.ai.schema import inline_json_schema
from graphql_api.core.enums import AIEngine

if TYPE_CHECKING:
    from graphql_api.config import Settings

TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
FORMAT_REFUSED = frozenset({400, 415, 422})
BAD_FINISH = frozenset({"length", "content_filter"})
NO_KEY = "not-needed"  # local servers take any key; the SDK insists on one
JSON_MODE: dict[str, Any] = {"type": "json_object"}


class OpenAICompatibleEngine:
    name = AIEngine.OPENAI

    def __init__(self, settings: Settings) -> None:
        self.model = settings.openai_model
        self._settings = settings
        self._client: Any = None
        self._json_mode_only = False

    @property
    def configured(self) -> bool:
        return bool(self._settings.openai_base_url or self._settings.openai_api_key)

    @property
    def prices(self) -> tuple[float, float]:
        return self._settings.openai_price_input_per_1k, self._settings.openai_price_output_per_1k

    def _sdk(self) -> Any:  # noqa: ANN401 - openai.AsyncOpenAI
        if self._client is None:
            import openai  # noqa: PLC0415 - at the first call, not at cold start

            self._client = openai.AsyncOpenAI(
                api_key=self._settings.openai_api_key or NO_KEY,
                base_url=self._settings.openai_base_url,
                max_retries=0,
            )
        return self._client

    async def complete(self, call: EngineCall) -> Completion:
        task, request, output, timeout, follow_up = call
        import openai  # noqa: PLC0415

        seconds = min(timeout, self._settings.ai_read_timeout_seconds)
        schema = inline_json_schema(output)
        prompt = user_prompt(task, request)
        schema_format = {
            "type": "json_schema",
            "json_schema": {"name": output.__name__, "schema": schema, "strict": False},
        }
        for response_format in ([] if self._json_mode_only else [schema_format]) + [JSON_MODE]:
            content = prompt
            if response_format is JSON_MODE:  # the format cannot carry the schema: the prompt does
                content += (
                    f"\n\nAnswer with one JSON object that satisfies this JSON schema:\n{json.dumps(schema)}"
                )
            messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": content}]
            if follow_up is not None:  # the same conversation (its prompt already says the format)
                messages = [*follow_up.conversation, {"role": "user", "content": follow_up.feedback}]
            try:
                response = await self._sdk().chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format=response_format,
                    temperature=0.2,
                    max_tokens=self._settings.ai_max_output_tokens,
                    timeout=seconds,
                )
            except openai.APIStatusError as exc:
                if response_format is schema_format and exc.status_code in FORMAT_REFUSED:
                    self._json_mode_only = True  # this server does not do JSON schemas: JSON mode from now on
                    continue
                kind = (
                    FailureKind.TRANSIENT
                    if exc.status_code in TRANSIENT_STATUS
                    else FailureKind.CONFIGURATION
                )
                raise EngineError(
                    kind,
                    f"{exc.status_code}:{_code(exc)}",
                    retry_after=retry_after(getattr(getattr(exc, "response", None), "headers", None)),
                ) from exc
            except (openai.APITimeoutError, openai.APIConnectionError) as exc:
                raise EngineError(FailureKind.TRANSIENT, type(exc).__name__) from exc
            return _completion(response, messages)
        raise EngineError(FailureKind.CONFIGURATION, "ResponseFormatRefused")


def _code(exc: Any) -> str:  # noqa: ANN401 - an openai.APIStatusError
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            return str(error.get("code") or error.get("type") or "error")
    return "error"


def _completion(response: Any, messages: list[dict[str, Any]]) -> Completion:  # noqa: ANN401 - a ChatCompletion
    choices = response.choices or []
    if not choices:
        raise EngineError(FailureKind.INVALID_OUTPUT, "NoChoices")
    choice = choices[0]
    if choice.finish_reason in BAD_FINISH:
        raise EngineError(FailureKind.INVALID_OUTPUT, f"FinishReason:{choice.finish_reason}")
    refusal = getattr(choice.message, "refusal", None)
    if refusal:
        raise EngineError(FailureKind.INVALID_OUTPUT, "Refusal")
    usage = response.usage
    content = choice.message.content
    return Completion(
        content,
        int(getattr(usage, "prompt_tokens", 0) or 0),
        int(getattr(usage, "completion_tokens", 0) or 0),
        conversation=(*messages, {"role": "assistant", "content": content or ""}),
    )
