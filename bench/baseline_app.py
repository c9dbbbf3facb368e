"""The throughput baseline: a plain FastAPI JSON route doing the same auth and store read."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import FastAPI, Header
from fastapi.responses import Response

from bench.common import plain_json
from graphql_api.config import load_settings
from graphql_api.container import build_container


def create_baseline_app() -> FastAPI:
    container = build_container(load_settings())
    app = FastAPI()

    @app.get("/me")
    async def me(authorization: Annotated[str, Header()]) -> Response:
        user = await container.auth.authenticate(authorization)
        return Response(json.dumps({"id": user.id}), media_type="application/json")

    @app.get("/project/{project_id}")
    async def project(project_id: str, authorization: Annotated[str, Header()]) -> Response:
        user = await container.auth.authenticate(authorization)
        view = await container.projects.get(user, project_id)
        return Response(plain_json(view), media_type="application/json")

    return app
