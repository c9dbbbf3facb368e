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


# Control characters other than tab and newlines, and the bidirectional overrides and
# isolates that can make a name read differently from what it is ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("[\r\n\t\u2028\u2029]")


def name(value: str, field: str, *, max_length: int) -> str:
    """A one-line name (a project, a task, a person): no line breaks, no bidi overrides.

    Names go into email headers, file names and report titles, where a line break or a
    direction override would change what is shown.
    """
    cleaned = text(value, field, max_length=max_length)
    if _LINE_BREAK.search(cleaned):
        raise BadInputError(f"{field} must be one line.", field=field)
    return cleaned


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    if _CONTROL.search(value):
        msg = f"{field} must not contain control characters or bidirectional overrides."
        raise BadInputError(msg, field=field)
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
