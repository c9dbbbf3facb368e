"""Unexpected failures are masked for the client and logged for the developer."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from graphql_api.container import build_container
from graphql_api.store.base import StoreError
from graphql_api.store.sqlite import SqliteStore
from tests.conftest import Api, asgi_client, make_settings


class BrokenQueryStore(SqliteStore):
    """A real SQLite store whose queries fail: once with a bug, once with an outage."""

    failure: Exception = RuntimeError("bug: secret detail")

    async def query(self, *args: Any, **kwargs: Any) -> Any:
        raise self.failure


@pytest.fixture
async def broken_api(tmp_path: Path) -> Any:
    settings = make_settings("sqlite", tmp_path, None)
    store = BrokenQueryStore(settings.resolved_sqlite_path)
    async with asgi_client(build_container(settings, store)) as http:
        yield Api(http), store


async def test_a_bug_is_masked_and_logged(broken_api: Any, caplog: pytest.LogCaptureFixture) -> None:
    api, _ = broken_api
    token, _ = await api.register()
    with caplog.at_level(logging.ERROR, logger="graphql_api.errors"):
        body = await api.call("{ projects { items { id } } }", token=token)
    error = body["errors"][0]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret detail" not in str(body)
    assert "secret detail" in caplog.text  # the developer sees it, with the traceback
    assert "Traceback" in caplog.text


async def test_a_storage_outage_is_a_clean_retryable_error(broken_api: Any) -> None:
    api, store = broken_api
    token, _ = await api.register()
    store.failure = StoreError("dynamodb: ProvisionedThroughputExceededException")
    error = (await api.call("{ projects { items { id } } }", token=token))["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "retryable": True}
    assert "ProvisionedThroughput" not in error["message"]


async def test_malformed_documents_and_variables_are_clean_errors(api: Api) -> None:
    token, _ = await api.register()
    empty = (await api.call("{ me { } }", token=token))["errors"][0]
    assert empty["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}  # not a crash in the depth limiter
    wrong_type = (
        await api.call("query($l: Int) { projects(limit: $l) { nextToken } }", {"l": "abc"}, token)
    )["errors"][0]
    assert wrong_type["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}  # the argument it feeds
    assert wrong_type["message"].startswith("Variable '$l'")
    missing = (
        await api.call(
            "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }", {"i": {}}, token
        )
    )["errors"]
    assert {e["extensions"]["code"] for e in missing} == {"BAD_USER_INPUT"}
    assert any("name" in e["message"] for e in missing)


async def test_variable_errors_name_the_input_field_and_definition_mistakes_are_validation(api: Api) -> None:
    token, _ = await api.register()
    create = "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }"
    base = {"name": "P", "requirements": "R", "disciplines": ["civil"]}
    bad_date = (await api.call(create, {"i": {**base, "startDate": "someday"}}, token))["errors"][0]
    assert bad_date["extensions"] == {"code": "BAD_USER_INPUT", "field": "startDate"}
    nested = {"i": {**base, "team": [{"name": "A", "role": "R", "allocation": "most"}]}}
    bad_nested = (await api.call(create, nested, token))["errors"][0]
    assert bad_nested["extensions"] == {"code": "BAD_USER_INPUT", "field": "allocation"}
    # A mistake in the document itself (a variable of the wrong type for its position).
    wrong_definition = (
        await api.call("query($l: String) { projects(limit: $l) { nextToken } }", {"l": "5"}, token)
    )["errors"][0]
    assert wrong_definition["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    # An inline literal keeps its location in the document.
    literal = 'mutation { createProject(input: {name: "P", requirements: "R", disciplines: ["c"], startDate: "someday"}) { id } }'
    inline = (await api.call(literal, token=token))["errors"][0]
    assert inline["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert inline["locations"] == [{"line": 1, "column": 33}]
