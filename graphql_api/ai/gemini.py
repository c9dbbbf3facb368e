"""Gemini through google-genai's async client, JSON output against the model's schema.

google-genai takes ~0.3 s to import: it loads at the first Gemini call, never at start.
Its HTTP timeout defaults to none at all, so every call sets one from the budget.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from graphql_api.ai.engine import Completion, EngineCall, EngineError, FailureKind, retry_after
from graphql_api.ai.prompts import SYSTEM, user_prompt
from graphql_api.core.enums import AIEngine

if TYPE_CHECKING:
    from graphql_api.config import Settings

TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})
BAD_FINISH = frozenset(
    {
        "MAX_TOKENS",
        "SAFETY",
        "RECITATION",
        "BLOCKLIST",
        "PROHIBITED_CONTENT",
        "SPII",
        "OTHER",
        "MALFORMED_RESPONSE",
    }
)


class GeminiEngine:
    name = AIEngine.GEMINI

    def __init__(self, settings: Settings) -> None:
        self.model = settings.gemini_model
        self._settings = settings
        self._clients: dict[int, Any] = {}

    @property
    def configured(self) -> bool:
        return bool(self._settings.gemini_api_key)

    def _client(self, timeout_ms: int) -> Any:  # noqa: ANN401 - genai.Client
        if timeout_ms not in self._clients:
            from google import genai  # noqa: PLC0415
            from google.genai import types  # noqa: PLC0415

            options = types.HttpOptions(timeout=timeout_ms, base_url=self._settings.gemini_base_url)
            self._clients[timeout_ms] = genai.Client(
                api_key=self._settings.gemini_api_key, http_options=options
            )
        return self._clients[timeout_ms]

    async def complete(self, call: EngineCall) -> Completion:
        task, request, output, timeout, follow_up = call
        from google.genai import errors, types  # noqa: PLC0415

        if follow_up is None:
            contents: list[dict[str, Any]] = [
                {"role": "user", "parts": [{"text": user_prompt(task, request)}]}
            ]
        else:
            contents = [*follow_up.conversation, {"role": "user", "parts": [{"text": follow_up.feedback}]}]

        seconds = min(timeout, self._settings.ai_read_timeout_seconds)
        client = self._client(max(1000, math.ceil(seconds) * 1000))
        config = types.GenerateContentConfig(
            system_instruction=SYSTEM,
            temperature=0.2,
            max_output_tokens=self._settings.ai_max_output_tokens,
            response_mime_type="application/json",
            response_schema=output,
        )
        try:
            response = await client.aio.models.generate_content(
                model=self.model, contents=contents, config=config
            )
        except errors.APIError as exc:
            wait = retry_after(getattr(getattr(exc, "response", None), "headers", None))
            kind = FailureKind.TRANSIENT if exc.code in TRANSIENT_STATUS else FailureKind.CONFIGURATION
            reason = f"{exc.code}:{exc.status or 'ERROR'}"
            raise EngineError(kind, reason, retry_after=wait) from exc
        except Exception as exc:  # transport errors arrive as the SDK's own httpx fork's classes
            raise EngineError(FailureKind.TRANSIENT, type(exc).__name__) from exc
        feedback = getattr(response, "prompt_feedback", None)
        if feedback is not None and getattr(feedback, "block_reason", None):
            raise EngineError(FailureKind.INVALID_OUTPUT, f"Blocked:{feedback.block_reason}")
        candidates = response.candidates or []
        finish = (
            str(getattr(candidates[0].finish_reason, "value", candidates[0].finish_reason))
            if candidates
            else ""
        )
        if finish in BAD_FINISH:
            raise EngineError(FailureKind.INVALID_OUTPUT, f"FinishReason:{finish}")
        usage = response.usage_metadata
        text = response.text
        return Completion(
            text,
            int(getattr(usage, "prompt_token_count", 0) or 0),
            int(getattr(usage, "candidates_token_count", 0) or 0),
            conversation=(*contents, {"role": "model", "parts": [{"text": text or ""}]}),
        )
