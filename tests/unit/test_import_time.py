"""Cold start: heavy libraries load at first use, never at import or app creation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
import graphql_api.handler
after_import = sorted(m for m in ("boto3", "fastapi", "strawberry", "google.genai", "fpdf", "aws_xray_sdk") if m in sys.modules)
from graphql_api.app import create_app
create_app(seed=False)
after_app = sorted(m for m in ("google.genai", "fpdf", "pypdf", "aws_xray_sdk", "botocore.client", "jwt", "graphql_api.catalogue", "graphql_api.ai.local") if m in sys.modules)
print(json.dumps({"after_import": after_import, "after_app": after_app}))
"""


def test_heavy_modules_stay_unloaded_until_used(tmp_path) -> None:
    env = {
        **os.environ,
        "STORAGE": "dynamodb",
        "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9",
        "EMAIL_BACKEND": "ses",
        "SES_FROM_EMAIL": "a@example.com",
        "JOBS_QUEUE_URL": "http://127.0.0.1:9/queue",
        "GEMINI_API_KEY": "k",
        "DATA_DIR": str(tmp_path),
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded["after_import"] == []  # the handler module imports nothing heavy
    assert loaded["after_app"] == []  # no boto3 client, Gemini SDK, PDF library, JWT library or planner yet
