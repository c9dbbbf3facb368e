"""Pagination cursors: signed, scoped, and refused when touched; session tokens verified once."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from graphql_api.core.errors import BadInputError, UnauthenticatedError
from graphql_api.services.auth.tokens import TokenService


def test_cursor_round_trips_only_in_its_scope() -> None:
    tokens = TokenService("s" * 40, 3600)
    cursor = tokens.sign_cursor("projects:u1", {"id": "p1", "createdAt": "2026"})
    assert tokens.open_cursor("projects:u1", cursor) == {"id": "p1", "createdAt": "2026"}
    with pytest.raises(BadInputError):
        tokens.open_cursor("projects:u2", cursor)
    with pytest.raises(BadInputError):
        TokenService("t" * 40, 3600).open_cursor("projects:u1", cursor)
    body, mac = cursor.split(".")
    with pytest.raises(BadInputError):
        tokens.open_cursor("projects:u1", body[:-2] + "xx." + mac)


def test_a_verified_token_is_remembered_only_until_it_expires() -> None:
    tokens = TokenService("s" * 40, 60)
    almost = datetime.now(UTC) - timedelta(seconds=58)  # lives two more seconds
    issued = tokens.issue("u1", 0, now=almost)
    assert tokens.verify(issued.token).user_id == "u1"
    assert tokens.verify(issued.token).user_id == "u1"  # from memory
    time.sleep((issued.expires_at - datetime.now(UTC)).total_seconds() + 0.1)
    with pytest.raises(UnauthenticatedError):
        tokens.verify(issued.token)


def test_a_token_another_secret_signed_is_never_remembered_as_valid() -> None:
    forged = TokenService("f" * 40, 3600).issue("u1", 0).token
    tokens = TokenService("s" * 40, 3600)
    for _ in range(2):
        with pytest.raises(UnauthenticatedError):
            tokens.verify(forged)
    header, payload, signature = tokens.issue("u1", 0).token.split(".")
    with pytest.raises(UnauthenticatedError):
        tokens.verify(f"{header}.{payload}.{signature[:-2]}{'BA' if signature.endswith('AA') else 'AA'}")
