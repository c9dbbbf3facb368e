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


async def test_assets_ship_gzipped_but_arrive_as_published_without_compression_asked(api: Api) -> None:
    """API Gateway and clients that ask for no encoding get the very bytes the page's hashes pin."""
    import gzip

    from graphql_api.graphiql import LOCAL_FILES, STATIC_DIR

    for name in LOCAL_FILES.values():
        assert not (STATIC_DIR / name).exists()  # only the .gz ships
        response = await api.http.get(f"/graphiql/{name}", headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200
        assert "content-encoding" not in response.headers
        assert response.content == gzip.decompress((STATIC_DIR / f"{name}.gz").read_bytes())
        assert response.headers["content-type"].startswith(("text/javascript", "text/css"))
    assert (await api.http.get("/graphiql/graphiql.min.css.gz")).status_code == 404
    assert (await api.http.get("/graphiql/README.md")).status_code == 404
