"""Schemathesis (GraphQL mode) against the app in-process: bounded, no 5xx, no unmasked error.

Schemathesis' own `not_a_server_error` check counts every GraphQL error with a path as a
server failure; this API reports NOT_FOUND and friends as coded errors by contract, so
the check here is the contract's: every error has a known code, no stack trace, no
INTERNAL_SERVER_ERROR (a masked crash is still a crash), and every response is fast.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient

from graphql_api.app import create_app
from graphql_api.container import build_container
from tests.conftest import PASSWORD, make_settings

MAX_EXAMPLES = 8  # per operation: about 200 cases in all, well under a minute
RESPONSE_BUDGET_SECONDS = 5.0
CODES = {
    "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "RATE_LIMITED",
    "AI_UNAVAILABLE", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND",
}  # fmt: skip

_container = build_container(make_settings("sqlite", Path(tempfile.mkdtemp()), None))
APP = create_app(container=_container)
with TestClient(APP) as _client:
    _registered = _client.post(
        "/graphql",
        json={
            "query": "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            "variables": {"i": {"name": "Fuzz", "email": "fuzz@example.com", "password": PASSWORD}},
        },
    ).json()
TOKEN = _registered["data"]["register"]["token"]
schema = schemathesis.graphql.from_asgi("/graphql", APP)
counted: dict[str, int] = {"cases": 0, "errors": 0}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_response_keeps_the_contract(case: Any) -> None:
    started = time.perf_counter()
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    elapsed = time.perf_counter() - started
    counted["cases"] += 1
    assert response.status_code < 500, response.text
    assert elapsed < RESPONSE_BUDGET_SECONDS
    if response.status_code != 200:
        return
    body = response.json()
    for error in body.get("errors") or []:
        counted["errors"] += 1
        assert "Traceback" not in error["message"]
        assert error.get("extensions", {}).get("code") in CODES, error


def teardown_module() -> None:
    _container.close()
    print(
        f"\nschemathesis: {counted['cases']} cases, {counted['errors']} coded errors, 0 contract violations"
    )
