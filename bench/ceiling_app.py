"""The framework's floor: a FastAPI app that answers recorded response bodies as static bytes.

``http_bench --ceiling`` records Faultline's body for every benchmark path, then serves them
from this app (one catch-all route, no middleware, no database) on the same core with the same
uvicorn flags. Its requests/s is what FastAPI + uvicorn alone allow for bodies of that size:
no version of Faultline's endpoints can beat it, so it puts each target in proportion.

    BENCH_BODIES=/tmp/bodies.json uvicorn --factory bench.ceiling_app:create_app
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from fastapi import FastAPI, Request, Response


def create_app() -> FastAPI:
    recorded = json.loads(Path(os.environ["BENCH_BODIES"]).read_text())
    bodies = {path: base64.b64decode(body) for path, body in recorded.items()}
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/healthz")
    def healthz() -> Response:
        return Response(b"ok")

    @app.get("/{path:path}")
    def recorded_body(request: Request) -> Response:
        key = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        body = bodies.get(key)
        if body is None:
            return Response(status_code=404)
        return Response(body, media_type="application/json")

    return app
