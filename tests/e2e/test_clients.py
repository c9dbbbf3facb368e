"""Real clients against `serve`: Apollo Client + graphql-ws from Node, GraphiQL in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.fakes.apigw_websocket import ApiGatewayEmulator

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
NODE = shutil.which("node")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

needs_node = pytest.mark.skipif(
    NODE is None, reason="node is not installed: the Apollo/graphql-ws client needs Node 20"
)


@pytest.fixture(scope="module")
def node_modules() -> None:
    """The pinned packages (package-lock.json); installed here when .ci/run has not."""
    if (HERE / "node_modules").exists():
        return
    npm = shutil.which("npm")
    assert npm is not None, "node is installed but npm is not"
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m graphql_api serve` on a free port with its own data folder."""
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(data), "BCRYPT_ROUNDS": "10", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "graphql_api", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("serve did not start: " + (process.stdout.read().decode() if process.stdout else ""))
    yield f"{url}/graphql"
    process.terminate()
    process.wait(timeout=10)


def run_node(script: str, api_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run(
        [NODE, script],
        cwd=HERE,
        env={**os.environ, "API_URL": api_url, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@needs_node
def test_apollo_client_and_graphql_ws_follow_a_plan_to_the_end(node_modules: None, server: str) -> None:
    result = run_node("apollo_flow.mjs", server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "apollo flow: all checks passed" in result.stdout


@needs_node
def test_an_apollo_board_stays_current_while_another_client_edits(node_modules: None, server: str) -> None:
    result = run_node("live_flow.mjs", server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "live flow: all checks passed" in result.stdout


@needs_node
def test_apollo_persisted_queries_link_sends_hashes_over_post_and_get(
    node_modules: None, server: str
) -> None:
    result = run_node("apq_flow.mjs", server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("done")


@needs_node
def test_apollo_client_follows_a_plan_through_api_gateway_and_sqs(
    node_modules: None, aws: ApiGatewayEmulator
) -> None:
    """As deployed: REST and WebSocket events into the handler, the job run from SQS by the same function."""
    aws.poll_queue(*aws.queue, after_subscribe=True)  # type: ignore[attr-defined]
    result = run_node("apollo_flow.mjs", f"{aws.http_url}/graphql", WS_URL=aws.ws_url, MIN_STATES="3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "apollo flow: all checks passed" in result.stdout
    print(next(line for line in result.stdout.splitlines() if "streams" in line))
    assert any(e.get("Records") for e in aws.events)  # the plan ran on the SQS path
    pushed = [e for e in aws.events if '"subscribe"' in str(e.get("body"))]
    assert pushed  # and its progress went out over the emulated API Gateway socket


@needs_node
@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium where it can)"
)
def test_graphiql_runs_a_query_in_headless_chromium(node_modules: None, server: str, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    result = run_node(
        "graphiql_browser.mjs", server, CHROMIUM=CHROMIUM, SCREENSHOT=str(tmp_path / "graphiql.png")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "graphiql.png").stat().st_size > 10_000


@needs_node
def test_the_graphql_over_http_audit_passes(node_modules: None, server: str) -> None:
    """graphql-http's audit suite: no error and no SHOULD-level warning."""
    result = run_node("http_audit.mjs", server)
    assert result.returncode == 0, result.stderr
    audits = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(audits) >= 50
    failed = [a for a in audits if a["status"] in {"error", "warn"}]
    assert failed == []
    # The only notices are MAY-level GETs without a preflight header, which the CSRF rule refuses.
    notices = [a for a in audits if a["status"] == "notice"]
    assert all(a["name"].startswith("MAY") and "GET" in a["name"] for a in notices)
