"""GraphQL over HTTP: malformed requests are 4xx JSON with BAD_REQUEST, and the spec's media type."""

from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import Api

JSON = {"Content-Type": "application/json"}
SPEC = {**JSON, "Accept": "application/graphql-response+json"}

BAD_BODIES = [
    ("a string", b'"hello"'),
    ("a number", b"42"),
    ("null", b"null"),
    ("invalid UTF-8", b'{"query": "\xff"}'),
    ("nested 100k deep", b"[" * 100_000 + b"]" * 100_000),
    ("a 5,000-digit integer", b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}"),
    ("no query", b"{}"),
    ("query not a string", b'{"query": 1}'),
    ("operationName not a string", b'{"query": "{ __typename }", "operationName": 7}'),
]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("case", "body"), BAD_BODIES, ids=[c for c, _ in BAD_BODIES])
async def test_a_malformed_body_is_400_json_bad_request(api: Api, case: str, body: bytes) -> None:
    response = await api.http.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400, case
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "Traceback" not in error["message"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_subscription_over_http_says_where_it_belongs_and_logs_no_error(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    root = logging.getLogger("graphql_api")
    root.addHandler(caplog.handler)
    try:
        body = {"query": 'subscription { generationProgress(jobId: "x") { id } }'}
        response = await api.http.post("/graphql", json=body)
    finally:
        root.removeHandler(caplog.handler)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "WebSocket" in error["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_graphql_response_json_media_type(api: Api) -> None:
    ok = await api.http.post("/graphql", json={"query": "{ __typename }"}, headers=SPEC)
    assert (ok.status_code, ok.headers["content-type"]) == (200, "application/graphql-response+json")
    assert ok.json() == {"data": {"__typename": "Query"}}
    # A request that fails before execution: 4xx and no `data` key.
    invalid = await api.http.post("/graphql", json={"query": "{ nope }"}, headers=SPEC)
    assert invalid.status_code == 400
    assert invalid.headers["content-type"] == "application/graphql-response+json"
    assert "data" not in invalid.json()
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # A field error is a response with data: 200.
    field_error = await api.http.post("/graphql", json={"query": "{ me { id } }"}, headers=SPEC)
    assert field_error.status_code == 200
    assert field_error.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # application/json clients keep the old behaviour: 200, `data: null`.
    legacy = await api.http.post("/graphql", content=json.dumps({"query": "{ nope }"}), headers=JSON)
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None


def test_responses_are_encoded_by_orjson_with_json_dumps_for_what_it_refuses() -> None:
    """Text for WebSocket frames; UTF-8 kept as is; an integer orjson refuses still encodes."""
    import json

    from graphql_api.http_router import ProtocolRouter

    encode = ProtocolRouter.encode_json
    text = encode(None, {"data": {"name": "Brücke über die Aare", "n": 3, "x": 1.5}})  # type: ignore[arg-type]
    assert isinstance(text, str)
    assert "Brücke" in text
    assert json.loads(text) == {"data": {"name": "Brücke über die Aare", "n": 3, "x": 1.5}}
    big = encode(None, {"data": {"before": {"count": 2**70}}})  # type: ignore[arg-type]
    assert json.loads(big) == {"data": {"before": {"count": 2**70}}}
