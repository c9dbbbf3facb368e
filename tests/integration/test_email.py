"""Email: the outbox on disk, SES against moto's server, and the password reset flow."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from graphql_api.container import Container, build_container
from graphql_api.jobs.local import LocalRunner
from graphql_api.store.tables import EPHEMERAL
from tests.conftest import PASSWORD, Api, asgi_client, bodies, make_settings, outbox

REQUEST = "mutation($e: String!) { requestPasswordReset(email: $e) }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token user { email } } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"


async def test_welcome_email_lands_in_the_outbox_escaped(api: Api, container: Container) -> None:
    await api.register("new@example.com", name="<b>Ada</b>")
    (message,) = outbox(container)
    assert message["To"] == "new@example.com"
    assert message["Subject"] == "Welcome to the Intelligent Engineering Platform"
    parts = bodies(message)
    assert "Hello <b>Ada</b>" in parts["plain"]
    assert "&lt;b&gt;Ada&lt;/b&gt;" in parts["html"]
    assert "<b>Ada</b>" not in parts["html"]


async def test_password_reset_end_to_end(api: Api, container: Container) -> None:
    old_token, _ = await api.register("reset@example.com")
    assert (await api.ok(REQUEST, {"e": "nobody@example.com"}))["requestPasswordReset"] is True
    assert (await api.ok(REQUEST, {"e": "not an email"}))["requestPasswordReset"] is True
    assert len(outbox(container)) == 1  # only the welcome email so far
    assert (await api.ok(REQUEST, {"e": " RESET@example.com "}))["requestPasswordReset"] is True
    message = outbox(container)[-1]
    assert message["Subject"] == "Reset your password"
    link = re.search(r"(http://localhost:3000/reset-password\?token=)(\S+)", bodies(message)["plain"])
    assert link is not None
    token = link[2]
    # stored hashed, never as the token itself
    stored = await container.store.get(
        EPHEMERAL.name, {"id": "RESET#" + hashlib.sha256(token.encode()).hexdigest()}
    )
    assert stored is not None
    assert token not in str(stored)
    short = await api.error(RESET, {"t": token, "p": "short"})
    assert short["extensions"] == {"code": "BAD_USER_INPUT", "field": "newPassword"}
    payload = (await api.ok(RESET, {"t": token, "p": "a brand new passphrase"}))["resetPassword"]
    assert payload["user"]["email"] == "reset@example.com"
    assert (await api.ok("{ me { email } }", token=payload["token"]))["me"]["email"] == "reset@example.com"
    stale = await api.error("{ me { email } }", token=old_token)
    assert stale["extensions"]["code"] == "UNAUTHENTICATED"  # issued before the reset
    again = await api.error(RESET, {"t": token, "p": "another passphrase"})
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}  # single use
    assert (await api.error(LOGIN, {"e": "reset@example.com", "p": PASSWORD}))["extensions"][
        "code"
    ] == "UNAUTHENTICATED"
    assert (await api.ok(LOGIN, {"e": "reset@example.com", "p": "a brand new passphrase"}))["login"]["token"]


async def test_an_expired_or_forged_reset_token_is_refused(api: Api, container: Container) -> None:
    _, user_id = await api.register("late@example.com")
    token = "expired-token-value"
    await container.store.put(
        EPHEMERAL.name,
        {
            "id": "RESET#" + hashlib.sha256(token.encode()).hexdigest(),
            "userId": user_id,
            "ttl": int(time.time()) - 1,
        },
    )
    for bad in (token, "forged", ""):
        error = await api.error(RESET, {"t": bad, "p": "a brand new passphrase"})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


async def test_plan_finished_email_and_the_setting_that_turns_it_off(api: Api, container: Container) -> None:
    token, _ = await api.register("planner@example.com", name="Planner")
    project = await api.create_project(
        token, name="Tidal <barrage>", phases=[{"name": "Only", "sprintCount": 1}]
    )
    assert isinstance(container.dispatcher, LocalRunner)
    await api.ok(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    await container.dispatcher.drain()
    message = outbox(container)[-1]
    assert message["Subject"] == "Your plan for Tidal <barrage> is ready"
    parts = bodies(message)
    assert f"http://localhost:3000/projects/{project['id']}" in parts["plain"]
    assert "Tidal &lt;barrage&gt;" in parts["html"]
    me = await api.ok(
        "mutation { updateMe(input: {notifyOnPlanComplete: false}) { notifyOnPlanComplete } }", token=token
    )
    assert me["updateMe"]["notifyOnPlanComplete"] is False
    count = len(outbox(container))
    await api.ok(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    await container.dispatcher.drain()
    assert len(outbox(container)) == count


@pytest.fixture
async def ses_api(tmp_path: Path, moto_endpoint: str) -> Any:
    sender = "planner@iep.example.com"
    settings = make_settings(
        "sqlite", tmp_path, None, email_backend="ses", ses_endpoint_url=moto_endpoint, ses_from_email=sender
    )
    container = build_container(settings)
    async with asgi_client(container) as http:
        yield Api(http), sender
    container.close()


def sent_messages(moto_endpoint: str) -> list[dict[str, Any]]:
    data = httpx.get(f"{moto_endpoint}/moto-api/data.json").json()
    messages: list[dict[str, Any]] = data.get("ses", {}).get("Message", [])
    return messages


async def test_ses_sends_from_the_configured_address(ses_api: Any, moto_endpoint: str) -> None:
    api, sender = ses_api
    ses = boto3.client("ses", endpoint_url=moto_endpoint, region_name="us-east-1")
    ses.verify_email_identity(EmailAddress=sender)
    before = len(sent_messages(moto_endpoint))
    await api.register("ses-user@example.com")
    await api.ok(REQUEST, {"e": "ses-user@example.com"})
    sent = sent_messages(moto_endpoint)[before:]
    assert [m["destinations"]["ToAddresses"] for m in sent] == [["ses-user@example.com"]] * 2
    assert {m["source"] for m in sent} == {sender}
    assert [m["subject"] for m in sent] == [
        "Welcome to the Intelligent Engineering Platform",
        "Reset your password",
    ]
    assert "reset-password?token=" in sent[1]["body"]  # moto keeps the HTML body


async def test_a_failed_send_never_fails_the_request(
    tmp_path: Path, moto_endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(
        "sqlite",
        tmp_path,
        None,
        email_backend="ses",
        ses_endpoint_url=moto_endpoint,
        ses_from_email="unverified@nowhere.example",
    )
    container = build_container(settings)
    async with asgi_client(container) as http:
        api = Api(http)
        token, _ = await api.register("still-works@example.com")  # SES rejects the unverified sender
        assert (await api.ok("{ me { email } }", token=token))["me"]["email"] == "still-works@example.com"
        assert (await api.ok(REQUEST, {"e": "still-works@example.com"}))["requestPasswordReset"] is True
    assert "could not send email" in caplog.text
    assert "reset-password?token=" not in caplog.text
    container.close()


async def test_a_newer_reset_link_ends_the_older_one(api: Api, container: Container) -> None:
    await api.register("twice@example.com")
    links = []
    for _ in range(2):
        await api.ok(REQUEST, {"e": "twice@example.com"})
        found = re.search(r"reset-password\?token=(\S+)", bodies(outbox(container)[-1])["plain"])
        assert found is not None
        links.append(found[1])
    older = await api.error(RESET, {"t": links[0], "p": "a brand new passphrase"})
    assert older["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
    assert (await api.ok(RESET, {"t": links[1], "p": "a brand new passphrase"}))["resetPassword"]["token"]


async def test_reset_mails_are_limited_per_address(api: Api, container: Container) -> None:
    await api.register("flooded@example.com")
    before = len(outbox(container))
    for _ in range(50):
        assert (await api.ok(REQUEST, {"e": "flooded@example.com"}))["requestPasswordReset"] is True
    sent = len(outbox(container)) - before
    assert sent == container.settings.limits.reset_mails_per_hour  # 3, not 50
