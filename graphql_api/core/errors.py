"""Errors a user may see, each with the contract's `extensions.code`.

Services raise these; the GraphQL layer turns them into GraphQL errors. Anything else
that escapes is a bug and is masked as INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations


class AppError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def extensions(self) -> dict[str, object]:
        ext: dict[str, object] = {"code": self.code}
        if self.field:
            ext["field"] = self.field
        return ext


class UnauthenticatedError(AppError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Authentication required.") -> None:
        super().__init__(message)


class ForbiddenError(AppError):
    code = "FORBIDDEN"


class NotFoundError(AppError):
    code = "NOT_FOUND"


class BadInputError(AppError):
    code = "BAD_USER_INPUT"


class ConflictError(AppError):
    code = "CONFLICT"


class ChangesConflictError(ConflictError):
    """Some chosen changes of a proposal target what was edited since: nothing was written."""

    def __init__(self, message: str, *, change_ids: list[str]) -> None:
        super().__init__(message)
        self.change_ids = change_ids

    def extensions(self) -> dict[str, object]:
        return {**super().extensions(), "changeIds": self.change_ids}


class RateLimitedError(AppError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def extensions(self) -> dict[str, object]:
        return {**super().extensions(), "retryAfter": self.retry_after}


class ServiceUnavailableError(AppError):
    """Storage is down or throttled past its retries; nothing was half-written.

    The contract has no code of its own for this, so it is an INTERNAL_SERVER_ERROR
    whose message says what happened and `retryable` tells clients to try again.
    """

    code = "INTERNAL_SERVER_ERROR"

    def extensions(self) -> dict[str, object]:
        return {**super().extensions(), "retryable": True}
