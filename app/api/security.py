"""API keys for write endpoints: ``Authorization: Bearer <key>``.

Keys are held only as SHA-256 digests and compared in constant time, so neither a timing
difference nor a memory dump of the settings' derived state reveals which prefix matched.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, TypeAlias

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False, description="An API key from FAULTLINE_API_KEYS.")


def key_digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


async def require_api_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The digest of a valid key (hex prefix, for logs), or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("This endpoint needs an API key: 'Authorization: Bearer <key>'.")
    offered = key_digest(credentials.credentials)
    matched = False
    for digest in request.app.state.api_key_digests:
        matched |= hmac.compare_digest(offered, digest)
    if not matched:
        raise Unauthorized("The API key is not valid.")
    return offered.hex()[:8]


ApiKeyDep: TypeAlias = Annotated[str, Depends(require_api_key)]


async def read_access(request: Request) -> None:
    """Reads are open unless ``FAULTLINE_REQUIRE_KEY_FOR_READS`` is set.

    Async (it does no I/O) so that FastAPI calls it on the event loop, not in a worker thread.

    The header is read here, not through ``_bearer``, so that the OpenAPI document does not
    declare a key on reads, which need none by default (a contract fuzzer checks that claim).
    """
    if request.app.state.settings.require_key_for_reads:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        credentials = None
        if scheme and token.strip():
            credentials = HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())
        await require_api_key(request, credentials)
