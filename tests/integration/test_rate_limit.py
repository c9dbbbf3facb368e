"""Login rate limits: per email and per client, in storage, across instances."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from pathlib import Path

import pytest

from graphql_api.config import Limits
from graphql_api.container import Container, build_container
from graphql_api.core.errors import RateLimitedError
from graphql_api.services.auth.ratelimit import LoginLimiter
from graphql_api.store.sqlite import SqliteStore
from tests.conftest import PASSWORD, Api, asgi_client
from tests.integration.test_email import bodies, outbox

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"


async def test_five_failures_lock_the_email_even_for_the_right_password(
    api: Api, container: Container
) -> None:
    await api.register("victim@example.com")
    for _ in range(5):
        error = await api.error(LOGIN, {"e": "victim@example.com", "p": "guess"})
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
    limited = await api.error(LOGIN, {"e": "VICTIM@example.com", "p": PASSWORD})
    assert limited["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= limited["extensions"]["retryAfter"] <= 2 * 900
    # Another instance of the function shares the count: it is in storage.
    second = build_container(container.settings, container.store)
    async with asgi_client(second) as http:
        other_instance = await Api(http).error(LOGIN, {"e": "victim@example.com", "p": PASSWORD})
    assert other_instance["extensions"]["code"] == "RATE_LIMITED"
    # Other accounts from the same client are still allowed (under 20 failures).
    await api.register("bystander@example.com")
    assert (await api.ok(LOGIN, {"e": "bystander@example.com", "p": PASSWORD}))["login"]["token"]


async def test_a_success_clears_the_accounts_count(api: Api) -> None:
    await api.register("forgetful@example.com")
    for _ in range(4):
        await api.error(LOGIN, {"e": "forgetful@example.com", "p": "guess"})
    assert (await api.ok(LOGIN, {"e": "forgetful@example.com", "p": PASSWORD}))["login"]["token"]
    for _ in range(4):
        await api.error(LOGIN, {"e": "forgetful@example.com", "p": "guess"})
    assert (await api.ok(LOGIN, {"e": "forgetful@example.com", "p": PASSWORD}))["login"]["token"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_twenty_failures_from_one_client_lock_it_out(api: Api) -> None:
    for n in range(20):
        await api.error(LOGIN, {"e": f"spray{n}@example.com", "p": "guess"})
    limited = await api.error(LOGIN, {"e": "spray-next@example.com", "p": "guess"})
    assert limited["extensions"]["code"] == "RATE_LIMITED"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_the_window_slides_with_time(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "rl.sqlite3")
    clock = Clock(time.time() // 60 * 60 + 10)  # 10 s into a minute (TTLs are real time)
    limiter = LoginLimiter(store, Limits(login_failures_per_email=5, login_window_seconds=900), clock)
    for _ in range(5):  # one failure a minute
        await limiter.failed(await limiter.begin("a@x.io", None))
        clock.now += 60
    clock.now -= 60  # the fifth failure was just now
    with pytest.raises(RateLimitedError) as caught:
        await limiter.begin("a@x.io", None)
    # The first failure ages out 15 minutes after its minute: 11 minutes from now.
    assert 10 * 60 < caught.value.retry_after <= 11 * 60 + 1
    clock.now += 10 * 60  # 14 minutes after the first: still five within the window
    with pytest.raises(RateLimitedError):
        await limiter.begin("a@x.io", None)
    clock.now += 60 + 1  # the first has aged out: four left
    await limiter.begin("a@x.io", None)
    store.close()


async def test_no_secret_reaches_a_log_line(
    api: Api, container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    root = logging.getLogger("graphql_api")
    root.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="graphql_api")
    try:
        token, _ = await api.register("secretive@example.com")
        login = (await api.ok(LOGIN, {"e": "secretive@example.com", "p": PASSWORD}))["login"]["token"]
        await api.error(LOGIN, {"e": "secretive@example.com", "p": "wrong-password-123"})
        await api.ok(
            "mutation($e: String!) { requestPasswordReset(email: $e) }", {"e": "secretive@example.com"}
        )
        plain = bodies(outbox(container)[-1])["plain"]
        reset_token = re.search(r"token=([A-Za-z0-9_\-]+)", plain)
        assert reset_token is not None
        await api.ok(
            "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token } }",
            {"t": reset_token[1], "p": "an entirely new passphrase"},
        )
        await api.call("{ me { id } }", token=token)
    finally:
        root.removeHandler(caplog.handler)
    text = caplog.text
    assert "operation" in text  # the flow was logged
    for secret in (
        PASSWORD,
        "wrong-password-123",
        "an entirely new passphrase",
        token,
        login,
        reset_token[1],
        container.settings.signing_secret,
    ):
        assert secret not in text


async def test_concurrent_logins_cannot_race_past_the_limit(api: Api, container: Container) -> None:
    """30 at once from one client: at most 5 passwords are checked, the right one included."""
    await api.register("raced@example.com")
    guesses = [f"guess-{n}" for n in range(30)]
    guesses[27] = PASSWORD  # the 28th is right, as in the attack
    results = await asyncio.gather(*(api.call(LOGIN, {"e": "raced@example.com", "p": p}) for p in guesses))
    codes = [r["errors"][0]["extensions"]["code"] if "errors" in r else "OK" for r in results]
    assert codes.count("RATE_LIMITED") >= 25
    assert codes.count("UNAUTHENTICATED") + codes.count("OK") <= 5


async def test_a_client_that_has_not_failed_is_never_locked_out_by_others(container: Container) -> None:
    """Guesses from other clients lock those clients out; the owner's own client still signs in."""
    async with asgi_client(container, "10.0.0.1") as owner_http:
        owner = Api(owner_http)
        await owner.register("targeted@example.com")
        for n in range(12):  # more guesses than LIMIT_LOGIN_FAILURES_PER_EMAIL, from 12 addresses
            async with asgi_client(container, f"203.0.113.{n}") as http:
                await Api(http).error(LOGIN, {"e": "targeted@example.com", "p": "guess"})
        assert (await owner.ok(LOGIN, {"e": "targeted@example.com", "p": PASSWORD}))["login"]["token"]


async def test_the_account_limit_refuses_clients_that_already_failed(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "rl.sqlite3")
    limits = Limits(login_failures_per_email=5, login_failures_per_account=3, login_window_seconds=900)
    limiter = LoginLimiter(store, limits)
    for n in range(3):
        await limiter.failed(await limiter.begin("b@x.io", f"198.51.100.{n}"))
    with pytest.raises(RateLimitedError):
        await limiter.begin("b@x.io", "198.51.100.0")  # failed here before: refused
    await limiter.begin("b@x.io", "192.0.2.7")  # never failed: its password is still checked
    store.close()
