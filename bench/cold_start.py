"""Cold start: each figure from fresh interpreters, median of several runs, side by side.

Goal (deployment issue): importing the handler within 1.3x of this stack's floor
(strawberry + fastapi + mangum + boto3 + GraphQLRouter), and handler import plus the
first `{ __typename }` request through Mangum within 1.5x of it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

RUNS = int(os.environ.get("BENCH_RUNS", "7"))

TIMED = textwrap.dedent(
    """
    import time, sys
    started = time.perf_counter()
    {body}
    print(time.perf_counter() - started)
    """
)

CASES = {
    "import boto3": "import boto3",
    "floor: strawberry+fastapi+mangum+boto3+GraphQLRouter": (
        "import strawberry, fastapi, mangum, boto3\nfrom strawberry.fastapi import GraphQLRouter"
    ),
    "import graphql_api.handler": "import graphql_api.handler",
    "handler import + first { __typename }": textwrap.dedent(
        """
        import base64, json
        import graphql_api.handler as h
        body = json.dumps({"query": "{ __typename }"})
        event = {"resource": "/graphql", "path": "/graphql", "httpMethod": "POST",
                 "headers": {"Content-Type": "application/json", "Host": "x.execute-api.us-east-1.amazonaws.com"},
                 "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
                 "pathParameters": None, "stageVariables": None, "isBase64Encoded": False, "body": body,
                 "requestContext": {"resourcePath": "/graphql", "httpMethod": "POST", "path": "/prod/graphql",
                                    "stage": "prod", "requestId": "r", "identity": {"sourceIp": "127.0.0.1"}}}
        class Ctx:
            aws_request_id = "r"
            def get_remaining_time_in_millis(self): return 29000
        response = h.handler(event, Ctx())
        assert json.loads(response["body"]) == {"data": {"__typename": "Query"}}, response
        """
    ),
}


def run(body: str, env: dict[str, str]) -> float:
    code = TIMED.format(body=body)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    data_dir = tempfile.mkdtemp()
    env = {
        **os.environ,
        # As on Lambda: DynamoDB storage (no call is made for __typename), production settings.
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "APP_ENV": "production",
        "JWT_SECRET": "x" * 40,
        "STORAGE": "dynamodb",
        "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DATA_DIR": data_dir,
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "0",
    }
    for body in CASES.values():  # warm the OS file cache and .pyc files once
        run(body, env)
    results = {name: statistics.median(run(body, env) for _ in range(RUNS)) for name, body in CASES.items()}
    floor = results["floor: strawberry+fastapi+mangum+boto3+GraphQLRouter"]
    boto = results["import boto3"]
    print(f"cold start, median of {RUNS} fresh interpreters (Python {sys.version.split()[0]})")
    print(f"{'case':<55} {'ms':>8} {'x boto3':>8} {'x floor':>8}")
    for name, seconds in results.items():
        print(f"{name:<55} {seconds * 1000:8.1f} {seconds / boto:8.2f} {seconds / floor:8.2f}")
    handler = results["import graphql_api.handler"] / floor
    first = results["handler import + first { __typename }"] / floor
    verdict = "PASS" if handler <= 1.3 and first <= 1.5 else "MISS"
    print(
        f"verdict: {verdict}: handler import {handler:.2f}x floor (goal 1.3x), first request {first:.2f}x floor (goal 1.5x)"
    )


if __name__ == "__main__":
    main()
