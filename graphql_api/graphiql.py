"""GraphiQL from the API's own origin: no asset from a CDN, so it works offline.

Strawberry's page is reused as is, with each pinned unpkg URL pointed at the copy under
/graphiql/ (the integrity hashes stay, so the browser still checks every byte). The
copies ship gzipped (1 MB instead of 4 in the Lambda package) and are unpacked in memory
at first request, so every client and API Gateway get the plain bytes the hashes pin.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

from starlette.responses import Response
from strawberry.http.ides import get_graphql_ide_html

STATIC_DIR = Path(__file__).parent / "static" / "graphiql"
STATIC_PATH = "/graphiql"
LOCAL_FILES = {
    "react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "react-dom@18.2.0/umd/react-dom.production.min.js": "react-dom.production.min.js",
    "js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "plugin-explorer.umd.js",
}
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_UNPKG = re.compile(r"https://unpkg\.com/([^\"']+)")


# What a first visit shows instead of an empty editor: where to start.
DEFAULT_QUERY = """# Intelligent Engineering Platform: plan an engineering project with AI help.
#
# 1. Run this to create an account; copy the token.
# 2. Headers (below): {"Authorization": "Bearer <token>"}
# 3. Then: templates, createProject, generateProjectPlan, and follow the job with
#    subscription { generationProgress(jobId: "...") { status progress message } }
# The Docs button (top left) describes every type, field and error code.

mutation Register {
  register(input: {name: "Ada", email: "ada@example.com", password: "correct horse"}) {
    token
    user { id name }
  }
}
"""


@cache
def graphiql_html() -> str:
    html = get_graphql_ide_html(graphql_ide="graphiql")
    html = html.replace(
        "plugins: [explorerPlugin],",
        f"plugins: [explorerPlugin],\n          defaultQuery: {json.dumps(DEFAULT_QUERY)},",
        1,
    )

    def local(match: re.Match[str]) -> str:
        name = LOCAL_FILES.get(match[1])
        if name is None:
            msg = f"GraphiQL asset {match[1]} has no local copy"
            raise RuntimeError(msg)
        return f"{STATIC_PATH}/{name}"

    return _UNPKG.sub(local, html)


@cache
def asset(name: str) -> bytes | None:
    """One of GraphiQL's pinned files, as published; None for any other name."""
    if name not in LOCAL_FILES.values():
        return None
    return gzip.decompress((STATIC_DIR / f"{name}.gz").read_bytes())


async def asset_response(name: str) -> Response:
    body = asset(name)
    if body is None:
        return Response(status_code=404)
    media_type = ASSET_TYPES[Path(name).suffix]
    return Response(body, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})
