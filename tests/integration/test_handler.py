"""The Lambda entry point with real-shaped API Gateway REST proxy events."""

from __future__ import annotations

import base64
import json
from typing import Any

import graphql_api.handler as handler_module
from tests.conftest import PASSWORD


def proxy_event(
    method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The shape `sam local generate-event apigateway aws-proxy` prints (REST API, v1)."""
    encoded = base64.b64encode(body.encode()).decode() if body is not None else None
    all_headers = {
        "Accept": "*/*",
        "Host": "abc123.execute-api.us-east-1.amazonaws.com",
        "User-Agent": "curl/8.5.0",
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
        **(headers or {}),
    }
    return {
        "body": encoded,
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "isBase64Encoded": encoded is not None,
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "123456",
            "stage": "prod",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "requestTime": "09/Apr/2015:12:34:56 +0000",
            "requestTimeEpoch": 1428582896000,
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "curl/8.5.0"},
            "path": f"/prod{path}",
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "apiId": "1234567890",
            "protocol": "HTTP/1.1",
        },
    }


class FakeLambdaContext:
    function_name = "graphql-api"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:graphql-api"
    aws_request_id = "52fdfc07-2182-154f-163f-5f0f9a621d72"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def invoke(event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = handler_module.handler(event, FakeLambdaContext())
    body = response["body"]
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return response["statusCode"], json.loads(body)


def test_post_graphql_through_api_gateway(lambda_env: None) -> None:
    register = json.dumps(
        {
            "query": "mutation($i: RegisterInput!) { register(input: $i) { token user { email } } }",
            "variables": {"i": {"name": "Lambda", "email": "lambda@example.com", "password": PASSWORD}},
        }
    )
    status, body = invoke(proxy_event("POST", "/graphql", register, {"Content-Type": "application/json"}))
    assert status == 200
    token = body["data"]["register"]["token"]
    assert body["data"]["register"]["user"]["email"] == "lambda@example.com"
    query = json.dumps({"query": "{ me { email } templates { id } }"})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    status, body = invoke(proxy_event("POST", "/graphql", query, headers))
    assert status == 200
    assert body["data"]["me"]["email"] == "lambda@example.com"
    assert len(body["data"]["templates"]) >= 6  # built-ins seeded on first use


def test_health_reports_dynamodb(lambda_env: None) -> None:
    status, body = invoke(proxy_event("GET", "/health"))
    assert status == 200
    assert body == {"status": "ok", "storage": {"backend": "dynamodb", "status": "ok"}}


def test_errors_are_clean_json_not_stack_traces(lambda_env: None) -> None:
    status, body = invoke(
        proxy_event("POST", "/graphql", '{"query": "{ me { id } }"}', {"Content-Type": "application/json"})
    )
    assert status == 200
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    broken_query = json.dumps({"query": "{ me { "})
    status, body = invoke(proxy_event("POST", "/graphql", broken_query, {"Content-Type": "application/json"}))
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Traceback" not in json.dumps(body)
    raw = handler_module.handler(
        proxy_event("POST", "/graphql", '{"query": "{ me', {"Content-Type": "application/json"}),
        FakeLambdaContext(),
    )
    assert raw["statusCode"] == 400
    assert "Traceback" not in raw["body"]


def test_on_lambda_the_client_is_api_gateways_source_ip_not_x_forwarded_for(lambda_env: None) -> None:
    register = json.dumps(
        {
            "query": "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            "variables": {"i": {"name": "Lambda", "email": "rotated@example.com", "password": PASSWORD}},
        }
    )
    invoke(proxy_event("POST", "/graphql", register, {"Content-Type": "application/json"}))
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
    codes = []
    for n in range(6):
        body = json.dumps({"query": login, "variables": {"e": "rotated@example.com", "p": "guess"}})
        headers = {"Content-Type": "application/json", "X-Forwarded-For": f"198.51.100.{n}"}
        _, answer = invoke(proxy_event("POST", "/graphql", body, headers))
        codes.append(answer["errors"][0]["extensions"]["code"])
    assert codes == ["UNAUTHENTICATED"] * 5 + ["RATE_LIMITED"]
