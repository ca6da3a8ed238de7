"""``/docs`` and ``/redoc``, served with their assets from this app, under a strict CSP.

FastAPI's own pages load Swagger UI and ReDoc from the jsDelivr CDN: on a machine without that
CDN (an air-gapped network, a CI runner that reaches only the package registries) the pages
stay blank, and every visitor's browser tells a third party it came. The assets here are the
ones the ``fastapi-offline`` package ships (Swagger UI's bundle and stylesheet, ReDoc's
standalone script, a favicon), served from an allowlist at ``/static/docs/`` with a digest in
the URL, so a long ``Cache-Control`` never serves a stale script after an upgrade. The policy
allows this origin's scripts and the pages' one inline script by its exact SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from app.api.errors import NotFound
from app.http.caching import versioned_url

ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PREFIX = "/static/docs/"
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@cache
def asset_url(name: str) -> str:
    """The versioned URL of a docs asset (``versioned_url``)."""
    return versioned_url(ASSETS_PREFIX, name, ASSETS_DIR / name)


def _policy(html: str) -> str:
    """Only this origin, plus the page's inline start-up script by hash (ReDoc styles inline)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src blob:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def docs_asset(name: str) -> FileResponse:
    """One shipped file of the interactive docs; anything else is a 404."""
    media_type = ASSET_TYPES.get(name)
    if media_type is None:
        raise NotFound(f"No docs asset named '{name}'.")
    return FileResponse(ASSETS_DIR / name, media_type=media_type)


def add_docs_pages(app: FastAPI) -> None:
    """Serve the interactive docs and their assets (create the app with docs_url=None)."""
    title = app.title
    favicon = asset_url("favicon.png")
    swagger = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title=f"{title} - Swagger UI",
        swagger_js_url=asset_url("swagger-ui-bundle.js"),
        swagger_css_url=asset_url("swagger-ui.css"),
        swagger_favicon_url=favicon,
    )
    redoc = get_redoc_html(
        openapi_url="/openapi.json",
        title=f"{title} - ReDoc",
        redoc_js_url=asset_url("redoc.standalone.js"),
        redoc_favicon_url=favicon,
        with_google_fonts=False,
    )
    pages = {
        "/docs": (bytes(swagger.body).decode(), "Swagger UI"),
        "/redoc": (bytes(redoc.body).decode(), "ReDoc"),
    }
    for path, (html, name) in pages.items():
        headers = {"Content-Security-Policy": _policy(html)}

        def page(html: str = html, headers: dict[str, str] = headers) -> HTMLResponse:
            return HTMLResponse(html, headers=headers)

        app.add_api_route(path, page, include_in_schema=False, name=f"docs_{name}")
    app.add_api_route(
        ASSETS_PREFIX + "{name}", docs_asset, include_in_schema=False, name="docs_asset"
    )
