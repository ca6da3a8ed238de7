"""``/docs`` and ``/redoc`` with a Content-Security-Policy as strict as their assets allow.

FastAPI's pages load Swagger UI and ReDoc from the jsDelivr CDN and start them with one inline
script. The policy names that CDN and the script's exact SHA-256, so no other inline script runs.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _policy(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {CDN} {hashes}; style-src {CDN} 'unsafe-inline'; "
        f"img-src 'self' data: {CDN} https://fastapi.tiangolo.com; font-src {CDN} "
        "https://fonts.gstatic.com; connect-src 'self'; worker-src blob:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def add_docs_pages(app: FastAPI) -> None:
    """Serve the interactive docs with their own CSP (create the app with docs_url=None)."""
    title = app.title
    swagger = get_swagger_ui_html(openapi_url="/openapi.json", title=f"{title} - Swagger UI")
    redoc = get_redoc_html(openapi_url="/openapi.json", title=f"{title} - ReDoc")
    pages = {
        "/docs": (bytes(swagger.body).decode(), "Swagger UI"),
        "/redoc": (bytes(redoc.body).decode(), "ReDoc"),
    }
    for path, (html, name) in pages.items():
        headers = {"Content-Security-Policy": _policy(html)}

        def page(html: str = html, headers: dict[str, str] = headers) -> HTMLResponse:
            return HTMLResponse(html, headers=headers)

        app.add_api_route(path, page, include_in_schema=False, name=f"docs_{name}")
