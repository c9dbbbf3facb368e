"""Automatic persisted queries as Apollo's clients expect them, on both storage backends."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from graphql_api.container import Container, build_container
from graphql_api.services.persisted_queries import PersistedQueries
from graphql_api.store.tables import EPHEMERAL
from tests.conftest import Api, RequestCounter, asgi_client

ME = "query Me { me { id email } }"
ANONYMOUS = (
    "query Status { aiStatus { engines { engine configured } } }"  # answers anyone, if only with an error
)


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(sha256_hash: str, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256_hash}}


async def post(
    http: httpx.AsyncClient, body: dict[str, Any], token: str | None = None, **headers: str
) -> httpx.Response:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await http.post("/graphql", json=body, headers=headers)


async def test_an_unknown_hash_is_not_found_then_the_document_registers_it(
    api: Api, client: httpx.AsyncClient
) -> None:
    token, user_id = await api.register()
    hashed = {"extensions": persisted(sha(ME)), "operationName": "Me"}

    missing = await post(client, hashed, token)
    assert missing.status_code == 200  # as Apollo Server: every client then retries with the document
    assert missing.json() == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }
    assert missing.headers["cache-control"] == "private, no-cache, must-revalidate"

    registered = await post(client, {**hashed, "query": ME}, token)
    assert registered.json() == {
        "data": {"me": {"id": user_id, "email": registered.json()["data"]["me"]["email"]}}
    }
    hit = await post(client, hashed, token)
    assert hit.json() == registered.json()
    # The document is still run for whoever sends the hash: someone else gets their own answer.
    other, other_id = await api.register()
    assert (await post(client, hashed, other)).json()["data"]["me"]["id"] == other_id


async def test_the_spec_media_type_gets_the_same_not_found(client: httpx.AsyncClient) -> None:
    response = await post(
        client, {"extensions": persisted(sha(ANONYMOUS))}, accept="application/graphql-response+json"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        (persisted(sha(ANONYMOUS + " ")), "does not match"),
        (persisted(sha(ANONYMOUS), version=2), "version"),
        (persisted(sha(ANONYMOUS).upper()), "64 lowercase hex"),
        (persisted("abc"), "64 lowercase hex"),
        ({"persistedQuery": "yes"}, "version"),
    ],
)
async def test_a_bad_persisted_query_is_a_bad_request(
    client: httpx.AsyncClient, extensions: dict[str, Any], message: str
) -> None:
    response = await post(client, {"query": ANONYMOUS, "extensions": extensions})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert message in error["message"]
    # Nothing was kept under the hash it claimed.
    assert (await post(client, {"extensions": persisted(sha(ANONYMOUS))})).json()["errors"][0]["extensions"][
        "code"
    ] == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_document_that_fails_validation_is_not_kept(client: httpx.AsyncClient) -> None:
    broken = "query { nothingHere }"
    first = await post(client, {"query": broken, "extensions": persisted(sha(broken))})
    assert first.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    again = await post(client, {"extensions": persisted(sha(broken))})
    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_get_with_the_hash_works_under_the_csrf_rule(api: Api, client: httpx.AsyncClient) -> None:
    token, user_id = await api.register()
    await post(client, {"query": ME, "extensions": persisted(sha(ME))}, token)
    params = {"extensions": json.dumps(persisted(sha(ME))), "operationName": "Me"}
    auth = {"Authorization": f"Bearer {token}"}

    blocked = await client.get("/graphql", params=params, headers=auth)
    assert blocked.status_code == 400
    assert "CSRF" in blocked.json()["errors"][0]["message"]

    allowed = await client.get(
        "/graphql", params=params, headers={**auth, "apollo-require-preflight": "true"}
    )
    assert allowed.status_code == 200
    assert allowed.json()["data"]["me"]["id"] == user_id

    mutation = 'mutation Out { requestPasswordReset(email: "a@example.com") }'
    await post(client, {"query": mutation, "extensions": persisted(sha(mutation))})
    refused = await client.get(
        "/graphql",
        params={"extensions": json.dumps(persisted(sha(mutation)))},
        headers={"apollo-require-preflight": "true"},
    )
    assert refused.status_code == 405  # a hash does not turn a mutation into something GET may run


async def test_another_instance_finds_the_document_in_the_shared_table(
    container: Container, client: httpx.AsyncClient
) -> None:
    await post(client, {"query": ANONYMOUS, "extensions": persisted(sha(ANONYMOUS))})
    stored = await container.store.get(EPHEMERAL.name, {"id": "APQ#" + sha(ANONYMOUS)})
    assert stored is not None
    assert stored["document"] == ANONYMOUS
    assert stored["ttl"] > 0

    cold = build_container(container.settings)  # another Lambda instance on the same tables
    try:
        async with asgi_client(cold) as http:
            response = await post(http, {"extensions": persisted(sha(ANONYMOUS))})
            assert response.json()["errors"][0]["path"] == ["aiStatus"]  # the document ran
    finally:
        cold.close()


@pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)  # request counts are DynamoDB's
async def test_a_hit_costs_one_get_item_once_per_instance_then_nothing(
    container: Container, client: httpx.AsyncClient, dynamo_requests: RequestCounter
) -> None:
    await post(client, {"query": ANONYMOUS, "extensions": persisted(sha(ANONYMOUS))})
    cold = build_container(container.settings)
    counter = RequestCounter()
    assert hasattr(cold.store, "client")
    cold.store.client.meta.events.register("before-send.dynamodb", counter)
    try:
        async with asgi_client(cold) as http:
            await post(http, {"extensions": persisted(sha(ANONYMOUS))})
            assert counter.by_operation == {"GetItem": 1}
            counter.reset()
            await post(http, {"extensions": persisted(sha(ANONYMOUS))})
            assert counter.total == 0
    finally:
        cold.close()
    # The warm instance that registered it never read it back.
    dynamo_requests.reset()
    await post(client, {"extensions": persisted(sha(ANONYMOUS))})
    assert dynamo_requests.total == 0


async def test_the_process_cache_is_bounded_in_bytes(container: Container) -> None:
    cache = PersistedQueries(container.store, cache_bytes=100, ttl_seconds=60, document_bytes=350_000)
    documents = [f"query Q{n} {{ me {{ id }} }}" + " " * 20 for n in range(4)]  # ~40 bytes each
    for document in documents:
        await cache.remember(sha(document), document)
    assert 0 < cache.cached_bytes <= 100
    assert sha(documents[0]) not in cache.cached  # the oldest went first
    assert sha(documents[-1]) in cache.cached
    # Dropped from the process is not forgotten: the table still has it.
    assert await cache.find(sha(documents[0])) == documents[0]


async def test_a_document_larger_than_a_table_item_runs_and_stays_in_process(
    api: Api, client: httpx.AsyncClient, container: Container
) -> None:
    """An import written inline, past DynamoDB's 400 KB item: the import lands and answers cleanly."""
    token, _ = await api.register()
    rows = "\n".join(f"Build,Deck,Task {n},{'é' * 1_900}" for n in range(50))  # escaped: \\u00e9
    content = "phase,sprint,title,description\n" + rows
    document = "mutation { importProject(input: {format: CSV, content: " + json.dumps(content) + "}) { id } }"
    assert len(document.encode()) > 400_000
    response = await post(
        client,
        {"query": document, "extensions": persisted(sha(document))},
        token,
    )
    assert "errors" not in response.json(), response.json()
    assert response.json()["data"]["importProject"]["id"]
    assert sha(document) in container.persisted_queries.cached  # this process answers the hash
    assert await container.store.get(EPHEMERAL.name, {"id": "APQ#" + sha(document)}) is None
