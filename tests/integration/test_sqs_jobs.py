"""The Lambda path: mutation -> a message on SQS (moto's server) -> handler(sqs_event) -> job done."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import graphql_api.handler as handler_module
from tests.conftest import PASSWORD, deploy_lambda
from tests.integration.test_handler import FakeLambdaContext, proxy_event


@pytest.fixture
def queue(moto_endpoint: str) -> Any:
    client = boto3.client("sqs", endpoint_url=moto_endpoint, region_name="us-east-1")
    url = client.create_queue(QueueName=f"jobs-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    return client, url


@pytest.fixture
def lambda_with_queue(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str, queue: Any
) -> Iterator[None]:
    _, url = queue
    deploy_lambda(
        monkeypatch,
        tmp_path,
        moto_endpoint,
        SQS_ENDPOINT_URL=moto_endpoint,
        JOBS_QUEUE_URL=url,
        DYNAMODB_TABLE_PREFIX=f"sqs{uuid.uuid4().hex[:8]}",
        BEDROCK_ENABLED="false",
    )
    yield
    handler_module.reset()


def call(query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    response = handler_module.handler(
        proxy_event("POST", "/graphql", json.dumps({"query": query, "variables": variables or {}}), headers),
        FakeLambdaContext(),
    )
    body = response["body"]
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    result: dict[str, Any] = json.loads(body)
    return result


def sqs_event(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping delivers."""
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000"},
                "messageAttributes": {},
                "md5OfBody": m["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:jobs",
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
    }


def test_mutation_to_queue_to_handler_to_succeeded(lambda_with_queue: None, queue: Any) -> None:
    client, url = queue
    token = call(
        "mutation($i: RegisterInput!) { register(input: $i) { token } }",
        {"i": {"name": "Q", "email": "q@example.com", "password": PASSWORD}},
    )["data"]["register"]["token"]
    project_id = call(
        'mutation { createProject(input: {name: "Q", requirements: "R", disciplines: ["data", "ml"]}) { id } }',
        token=token,
    )["data"]["createProject"]["id"]
    job = call(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id status } }", {"p": project_id}, token
    )
    job_id = job["data"]["generateProjectPlan"]["id"]
    assert job["data"]["generateProjectPlan"]["status"] == "QUEUED"
    messages = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    assert [json.loads(m["Body"]) for m in messages] == [{"jobId": job_id}]
    poison = {"MessageId": "poison-1", "ReceiptHandle": "r", "Body": "not json", "MD5OfBody": "x"}
    unknown = {**poison, "MessageId": "poison-2", "Body": json.dumps({"jobId": str(uuid.uuid4())})}
    result = handler_module.handler(sqs_event([*messages, poison, unknown]), FakeLambdaContext())
    assert result == {"batchItemFailures": [{"itemIdentifier": "poison-1"}, {"itemIdentifier": "poison-2"}]}
    state = call(
        "query($id: ID!) { generationJob(id: $id) { status progress engine } }", {"id": job_id}, token
    )
    assert state["data"]["generationJob"] == {"status": "SUCCEEDED", "progress": 1.0, "engine": "LOCAL"}
    # A second delivery of the same message is acknowledged and changes nothing.
    again = handler_module.handler(sqs_event(messages), FakeLambdaContext())
    assert again == {"batchItemFailures": []}
    phases = call(
        "query($id: ID!) { project(id: $id) { phases { content { summary } } } }", {"id": project_id}, token
    )
    assert all(p["content"] for p in phases["data"]["project"]["phases"])


def test_run_jobs_drains_the_queue(
    lambda_with_queue: None, queue: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    client, url = queue
    token = call(
        "mutation($i: RegisterInput!) { register(input: $i) { token } }",
        {"i": {"name": "D", "email": "d@example.com", "password": PASSWORD}},
    )["data"]["register"]["token"]
    project_id = call(
        'mutation { createProject(input: {name: "D", requirements: "R", disciplines: ["civil"]}) { id } }',
        token=token,
    )["data"]["createProject"]["id"]
    job_id = call("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": project_id}, token)[
        "data"
    ]["assessRisks"]["id"]
    from graphql_api.__main__ import main

    assert main(["run-jobs"]) == 0
    assert "processed 1 job message(s)" in capsys.readouterr().out
    state = call("query($id: ID!) { generationJob(id: $id) { status } }", {"id": job_id}, token)
    assert state["data"]["generationJob"]["status"] == "SUCCEEDED"
    assert client.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []) == []
