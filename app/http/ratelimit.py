"""Per-client and per-key rate limits: token buckets in the process, ``429`` + ``Retry-After``.

Clients are told apart by API key (its SHA-256, never the key itself) when they send one, else by
address. The buckets live in each worker's memory: with N workers the effective limit is up to N
times the setting, so for a hard cap across instances put the limit at the load balancer too.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import problem_response

MAX_TRACKED = 100_000
READ_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """``rate`` requests per minute with bursts of the same size."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.buckets: dict[str, Bucket] = {}

    def take(self, key: str, now: float) -> float:
        """0 if a request may go now, else the seconds until one may."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_TRACKED:
                self.buckets.clear()  # bounded memory beats perfect fairness under a flood
            bucket = self.buckets[key] = Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.refill)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.refill


def client_key(scope: Scope) -> str:
    auth = dict(scope["headers"]).get(b"authorization")
    if auth:
        return "key:" + hashlib.sha256(auth).hexdigest()[:16]
    client = scope.get("client")
    return "addr:" + (client[0] if client else "unknown")


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, per_minute: int, writes_per_minute: int) -> None:
        self.app = app
        self.all = TokenBuckets(per_minute) if per_minute else None
        self.writes = TokenBuckets(writes_per_minute) if writes_per_minute else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.all is None and self.writes is None):
            await self.app(scope, receive, send)
            return
        key, now = client_key(scope), time.monotonic()
        wait = self.all.take(key, now) if self.all else 0.0
        if not wait and self.writes and scope["method"] not in READ_METHODS:
            wait = self.writes.take(key, now)
        if wait:
            seconds = max(1, math.ceil(wait))
            response = problem_response(
                429,
                "Too Many Requests",
                "rate-limited",
                f"Rate limit reached; retry in {seconds} s.",
                headers={"Retry-After": str(seconds)},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
