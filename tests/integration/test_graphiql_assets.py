"""GraphiQL loads nothing from the internet, and its local assets are the pinned ones."""

from __future__ import annotations

import base64
import hashlib
import re

from tests.conftest import Api


async def test_the_playground_page_uses_only_local_assets_with_their_pinned_hashes(api: Api) -> None:
    page = await api.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    assert "https://" not in re.sub(r'xmlns="[^"]+"|xmlns=%22[^%]+%22', "", html)  # no CDN left
    pairs = re.findall(r'(?:src|href)="(/graphiql/[^"]+)"', html)
    assert len(pairs) == 7
    for path in pairs:
        response = await api.http.get(path)
        assert response.status_code == 200, path
        digest = "sha384-" + base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        integrity = re.search(re.escape(path) + r'"\s*integrity="([^"]+)"', html)
        assert integrity is not None, path
        assert integrity[1] == digest, path  # the very bytes Strawberry's page pins
