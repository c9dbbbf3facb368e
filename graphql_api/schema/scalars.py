"""Scalars and enums as the contract spells them."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry


def _serialize_datetime(value: datetime) -> str:
    """ISO-8601 in UTC with a `Z`, as the contract's example shows."""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        msg = "DateTime must be an ISO-8601 string"
        raise TypeError(msg)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


DateTimeScalar = strawberry.scalar(
    name="DateTime",
    description="ISO-8601 date and time in UTC, e.g. 2026-11-27T16:30:00Z",
    serialize=_serialize_datetime,
    parse_value=_parse_datetime,
)

SCALAR_MAP = {datetime: DateTimeScalar}
