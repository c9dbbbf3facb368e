"""Input checks shared by services; every violation names the input field."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

from graphql_api.core.errors import BadInputError

_EMAIL = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
MAX_EMAIL_LENGTH = 254


def normalise_email(raw: str, field: str = "email") -> str:
    email = raw.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise BadInputError("Enter a valid email address.", field=field)
    return email


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise BadInputError(f"{field} must not be empty.", field=field)
    if len(cleaned) > max_length:
        raise BadInputError(f"{field} is longer than {max_length} characters.", field=field)
    return cleaned


def optional_text(value: str | None, field: str, *, max_length: int) -> str | None:
    if value is None:
        return None
    cleaned = text(value, field, max_length=max_length, required=False)
    return cleaned or None


def string_list(
    values: Sequence[str], field: str, *, max_items: int, max_length: int, required: bool = False
) -> list[str]:
    if len(values) > max_items:
        raise BadInputError(f"{field} holds more than {max_items} items.", field=field)
    seen: dict[str, str] = {}
    for raw in values:
        cleaned = text(raw, field, max_length=max_length)
        seen.setdefault(cleaned.casefold(), cleaned)
    if required and not seen:
        raise BadInputError(f"{field} needs at least one item.", field=field)
    return list(seen.values())


def date_range(value: date, field: str, *, low: date, high: date) -> date:
    if not low <= value <= high:
        raise BadInputError(f"{field} must be between {low.isoformat()} and {high.isoformat()}.", field=field)
    return value


def number_range(value: float, field: str, *, low: float, high: float) -> float:
    if math.isnan(value) or not low <= value <= high:
        raise BadInputError(f"{field} must be between {low:g} and {high:g}.", field=field)
    return value
