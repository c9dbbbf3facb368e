"""The one error the AI layer lets out: every engine in the chain failed.

It is not a service error (the AI layer knows nothing of services); the schema layer
and the job worker turn it into the contract's AI_UNAVAILABLE.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql_api.core.enums import AIEngine


class AIUnavailableError(Exception):
    code = "AI_UNAVAILABLE"

    def __init__(self, failures: Sequence[tuple[AIEngine, str]]) -> None:
        detail = (
            ", ".join(f"{engine.value}: {reason}" for engine, reason in failures) or "no engine configured"
        )
        self.message = f"Every AI engine failed ({detail})."
        super().__init__(self.message)
        self.failures = list(failures)
