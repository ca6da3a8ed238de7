"""The dashboard page at ``/`` and its static assets, all served by the app itself.

The page is plain HTML plus one script and one stylesheet; it reads only the public ``/v1`` JSON
API, so it shows nothing a client could not get. Assets are served by an explicit route (no
``StaticFiles`` mount, so ``main.py`` only has to include this router) from an allowlist built
once at import: a path that is not a shipped file is a 404, and nothing outside ``static/`` can
be named. Asset URLs carry a digest of the file (``?v=``), so a long ``Cache-Control`` can never
serve a stale script after an upgrade.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from app.api.errors import NotFound
from app.http.caching import versioned_url

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static/dashboard/"

# No inline script or style anywhere: every byte the page runs comes from this origin's files.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}

router = APIRouter(include_in_schema=False)


@cache
def static_files() -> dict[str, Path]:
    """Every servable asset, by its path relative to ``static/`` (the allowlist)."""
    return {
        path.relative_to(STATIC_DIR).as_posix(): path
        for path in sorted(STATIC_DIR.rglob("*"))
        if path.is_file() and path.suffix in MEDIA_TYPES and path.name != "index.html"
    }


def asset_url(name: str) -> str:
    """The versioned URL of a shipped asset (``versioned_url``)."""
    return versioned_url(STATIC_PREFIX, name, static_files()[name])


@cache
def index_html() -> str:
    """The page, with ``{{asset:NAME}}`` placeholders replaced by versioned asset URLs."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    for name in static_files():
        html = html.replace("{{asset:" + name + "}}", asset_url(name))
    return html


@router.get("/", response_class=HTMLResponse, summary="Dashboard")
def dashboard() -> HTMLResponse:
    """The dashboard page: filters, timeline, map, facets, events and their source text."""
    return HTMLResponse(index_html(), headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


@router.get(STATIC_PREFIX + "{name:path}", summary="Dashboard asset")
def dashboard_asset(name: str) -> FileResponse:
    """One shipped file of the dashboard (script, stylesheet, vendored library or map data)."""
    path = static_files().get(name)
    if path is None:
        raise NotFound(f"No dashboard asset named '{name}'.")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[path.suffix],
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
    )
