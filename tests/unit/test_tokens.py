"""Pagination cursors: signed, scoped, and refused when touched."""

from __future__ import annotations

import pytest

from graphql_api.core.errors import BadInputError
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
