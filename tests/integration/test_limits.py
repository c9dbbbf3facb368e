"""Query limits, request size, batching, introspection, GraphiQL, CSRF and CORS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphql_api.container import build_container
from tests.conftest import Api, asgi_client, make_settings


async def _error(api: Api, query: str, token: str | None = None) -> dict[str, Any]:
    body = await api.call(query, token=token)
    assert body.get("data") is None
    error: dict[str, Any] = body["errors"][0]
    return error


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_depth_aliases_tokens_and_fields_are_bounded(api: Api) -> None:
    token, _ = await api.register()
    deep = "{ projects { items { phases { sprints { tasks { id } } } } } }"
    assert "errors" not in await api.call(deep, token=token)  # a real query fits
    aliased = "{ a: projects { items { phases { sprints { tasks { id } } } } } }"
    assert "errors" not in await api.call(aliased, token=token)
    # The schema has no cycles, so only a document of unknown fields can nest this deep;
    # the depth limit answers before field validation would.
    deep_body = await api.call("{ me " + "{ a " * 11 + "{ id }" + " }" * 11 + " }", token=token)
    depth = next(e for e in deep_body["errors"] if "depth" in e["message"])
    assert depth["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    aliases = await _error(api, "{ " + " ".join(f"a{n}: me {{ id }}" for n in range(31)) + " }", token)
    assert aliases["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in aliases["message"]
    tokens = await _error(api, "{ me { " + " ".join(["id"] * 5001) + " } }", token)
    assert tokens["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "token" in tokens["message"]
    fields = "fragment F on Project { " + " ".join(["id name status"] * 20) + " }\n"
    wide = (
        fields
        + "{ projects { items { ...F "
        + " ".join(f"p{n}: phases {{ ...P }}" for n in range(20))
        + " } } }\n"
    )
    wide += "fragment P on Phase { " + " ".join(["id name"] * 10) + " }"
    cost = await _error(api, wide, token)
    assert cost["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "query_fields"}
    assert "LIMIT_QUERY_FIELDS" in cost["message"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_body_size_and_batching(api: Api) -> None:
    big = {"query": "{ __typename }", "variables": {"pad": "x" * 1_300_000}}
    response = await api.http.post("/graphql", json=big)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "limit": "body_bytes"}
    batch = await api.http.post("/graphql", json=[{"query": "{ __typename }"}, {"query": "{ __typename }"}])
    assert batch.status_code == 400


@pytest.fixture
def production_api(tmp_path: Path) -> Any:
    settings = make_settings(
        "sqlite", tmp_path, None, app_env="production", frontend_url="https://app.example.com"
    )
    container = build_container(settings)
    client = asgi_client(container)
    yield Api(client)
    container.close()


async def test_production_hides_introspection_and_graphiql(production_api: Api, api: Api) -> None:
    introspection = "{ __schema { queryType { name } } }"
    hidden = await _error(production_api, introspection)
    assert hidden["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert (await api.call(introspection))["data"]["__schema"]["queryType"]["name"] == "Query"
    page = await production_api.http.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    dev_page = await api.http.get("/graphql", headers={"Accept": "text/html"})
    assert dev_page.status_code == 200
    assert "graphiql" in dev_page.text.lower()
    await production_api.http.aclose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_production_gives_no_suggestions_and_no_file_paths(production_api: Api, api: Api) -> None:
    typo = "{ mee { id } }"
    hidden = await _error(production_api, typo)
    assert hidden["message"] == "Cannot query field 'mee' on type 'Query'."
    shown = await _error(api, typo)
    assert "Did you mean 'me'?" in shown["message"]  # development keeps the help
    health = (await production_api.http.get("/health")).json()
    assert health == {"status": "ok", "storage": {"backend": "sqlite", "status": "ok"}}
    assert "path" in (await api.http.get("/health")).json()["storage"]


async def test_csrf_rule_and_no_mutations_over_get(api: Api) -> None:
    query = '{"query": "{ __typename }"}'
    for headers in (
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {},
    ):
        response = await api.http.post("/graphql", content=query, headers=headers)
        assert response.status_code == 400, headers
        assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "reason": "CSRF"}
    get = await api.http.get("/graphql", params={"query": "{ __typename }"})
    assert get.status_code == 400
    allowed = await api.http.get(
        "/graphql", params={"query": "{ __typename }"}, headers={"apollo-require-preflight": "true"}
    )
    assert allowed.json() == {"data": {"__typename": "Query"}}
    # Past the CSRF guard, Strawberry still takes only JSON, and never a mutation by GET.
    preflighted = await api.http.post(
        "/graphql", content=query, headers={"Content-Type": "text/plain", "x-apollo-operation-name": "T"}
    )
    assert preflighted.status_code == 400
    assert preflighted.json()["errors"][0] == {
        "message": "Unsupported content type",
        "extensions": {"code": "BAD_REQUEST"},
    }
    mutation = await api.http.get(
        "/graphql",
        params={"query": 'mutation { login(email: "a@b.co", password: "x") { token } }'},
        headers={"apollo-require-preflight": "true"},
    )
    assert (mutation.status_code, mutation.headers["allow"]) == (405, "POST")  # GraphQL over HTTP
    assert mutation.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    # The guard reads parameters as the router will: decoded.
    encoded = await api.http.get("/graphql?%71uery=%7B__typename%7D")
    assert encoded.status_code == 400
    assert encoded.json()["errors"][0]["extensions"]["reason"] == "CSRF"


async def test_cors_allows_the_frontend_only(production_api: Api, api: Api) -> None:
    def preflight(origin: str) -> dict[str, str]:
        return {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        }

    ok = await production_api.http.options("/graphql", headers=preflight("https://app.example.com"))
    assert ok.headers.get("access-control-allow-origin") == "https://app.example.com"
    evil = await production_api.http.options("/graphql", headers=preflight("https://evil.example"))
    assert "access-control-allow-origin" not in evil.headers
    dev = await api.http.options("/graphql", headers=preflight("http://localhost:5173"))
    assert dev.headers.get("access-control-allow-origin") == "http://localhost:5173"
    dev_evil = await api.http.options("/graphql", headers=preflight("https://evil.example"))
    assert "access-control-allow-origin" not in dev_evil.headers
    await production_api.http.aclose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_fragment_fan_out_is_refused_unauthenticated(api: Api) -> None:
    """30 levels of doubling fragments (2**30 fields) answer at once with the field limit."""
    fragments = " ".join(f"fragment F{n} on User {{ ...F{n + 1} ...F{n + 1} }}" for n in range(30))
    query = "query { me { ...F0 } } " + fragments + " fragment F30 on User { id }"
    error = await _error(api, query)
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "query_fields"}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_one_export_per_operation(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    aliased = " ".join(
        f'e{n}: exportProject(projectId: "{project["id"]}", format: PDF) {{ size }}' for n in range(3)
    )
    error = await _error(api, "mutation { " + aliased + " }", token)
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "exports_per_operation"}
    one = await api.call(
        f'mutation {{ exportProject(projectId: "{project["id"]}", format: JSON) {{ size }} }}', token=token
    )
    assert one["data"]["exportProject"]["size"] > 0
