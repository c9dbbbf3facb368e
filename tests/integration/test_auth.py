"""register, login, me: through the GraphQL endpoint on both backends."""

from __future__ import annotations

import asyncio
import time
import warnings

import jwt

from tests.conftest import PASSWORD, TEST_SECRET, Api

ME = "{ me { id name email createdAt updatedAt lastLogin } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id lastLogin } } }"
REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { token expiresAt user { id email } } }"


async def test_register_then_me(api: Api) -> None:
    data = await api.ok(
        REGISTER, {"i": {"name": " Grace ", "email": "  Grace@Example.COM ", "password": PASSWORD}}
    )
    payload = data["register"]
    assert payload["user"]["email"] == "grace@example.com"
    claims = jwt.decode(payload["token"], TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == payload["user"]["id"]
    assert claims["exp"] - claims["iat"] == 7 * 24 * 3600
    assert payload["expiresAt"].endswith("Z")
    me = (await api.ok(ME, token=payload["token"]))["me"]
    assert me["name"] == "Grace"
    assert me["email"] == "grace@example.com"
    assert me["lastLogin"] is None


async def test_duplicate_email_is_a_conflict_even_in_another_case(api: Api) -> None:
    await api.register("dup@example.com")
    error = await api.error(REGISTER, {"i": {"name": "B", "email": "DUP@example.com", "password": PASSWORD}})
    assert error["extensions"] == {"code": "CONFLICT", "field": "email"}


async def test_concurrent_registrations_of_one_email_give_one_account(api: Api) -> None:
    variables = {"i": {"name": "Racer", "email": "race@example.com", "password": PASSWORD}}
    results = await asyncio.gather(*(api.call(REGISTER, variables) for _ in range(5)))
    winners = [r for r in results if "errors" not in r]
    losers = [r["errors"][0]["extensions"]["code"] for r in results if "errors" in r]
    assert len(winners) == 1
    assert losers == ["CONFLICT"] * 4


async def test_register_validates_email_and_password(api: Api) -> None:
    bad_email = await api.error(REGISTER, {"i": {"name": "A", "email": "not-an-email", "password": PASSWORD}})
    assert bad_email["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
    short = await api.error(REGISTER, {"i": {"name": "A", "email": "a@example.com", "password": "1234567"}})
    assert short["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    blank = await api.error(REGISTER, {"i": {"name": "  ", "email": "a@example.com", "password": PASSWORD}})
    assert blank["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}


async def test_login_sets_last_login_and_accepts_long_passphrases(api: Api) -> None:
    long_password = "p" * 100 + "!"  # past bcrypt's 72-byte window: every byte must count
    await api.ok(REGISTER, {"i": {"name": "L", "email": "long@example.com", "password": long_password}})
    data = await api.ok(LOGIN, {"e": "LONG@example.com", "p": long_password})
    assert data["login"]["user"]["lastLogin"] is not None
    me = (await api.ok(ME, token=data["login"]["token"]))["me"]
    assert me["lastLogin"] is not None
    wrong = await api.error(LOGIN, {"e": "long@example.com", "p": "p" * 100 + "?"})
    assert wrong["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unknown_email_and_wrong_password_look_the_same(api: Api) -> None:
    await api.register("known@example.com")
    wrong = await api.error(LOGIN, {"e": "known@example.com", "p": "wrong password"})
    unknown = await api.error(LOGIN, {"e": "nobody@example.com", "p": "wrong password"})
    malformed = await api.error(LOGIN, {"e": "not an email", "p": "wrong password"})
    assert wrong["message"] == unknown["message"] == malformed["message"]
    assert wrong["extensions"] == unknown["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_bad_tokens_are_unauthenticated(api: Api) -> None:
    token, user_id = await api.register()
    now = int(time.time())
    forged = [
        "not-a-jwt",
        _tampered(token),
        jwt.encode(
            {"sub": user_id, "iat": now, "exp": now + 60},
            "another-secret-another-secret-123",
            algorithm="HS256",
        ),
        _hs512(user_id, now),
        jwt.encode({"sub": user_id, "iat": now}, TEST_SECRET, algorithm="HS256"),
        jwt.encode({"sub": user_id, "iat": now - 100, "exp": now - 10}, TEST_SECRET, algorithm="HS256"),
        jwt.encode({"sub": "no-such-user", "iat": now, "exp": now + 60}, TEST_SECRET, algorithm="HS256"),
        jwt.encode({"sub": user_id, "iat": now, "exp": now + 60}, None, algorithm="none"),
    ]
    for bad in forged:
        error = await api.error(ME, token=bad)
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}, bad
        assert "Traceback" not in error["message"]
    anonymous = await api.error(ME)
    assert anonymous["extensions"] == {"code": "UNAUTHENTICATED"}
    basic = await api.http.post("/graphql", json={"query": ME}, headers={"Authorization": f"Basic {token}"})
    assert basic.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def _hs512(user_id: str, now: int) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyJWT warns that the key is short for HS512: that is the point
        return jwt.encode({"sub": user_id, "iat": now, "exp": now + 60}, TEST_SECRET, algorithm="HS512")


def _tampered(token: str) -> str:
    """The same token with its signature's first character changed (always a change)."""
    head, payload, signature = token.split(".")
    first = "B" if signature[0] == "A" else "A"
    return f"{head}.{payload}.{first}{signature[1:]}"
