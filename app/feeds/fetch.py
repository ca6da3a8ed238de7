"""A polite HTTP client for feeds and article pages.

Every request, redirects included, goes through robots.txt (cached per host, RFC 9309: a
missing file allows everything, an unreachable one is a transient failure) and waits out the
per-host delay (or the host's ``Crawl-delay``, up to ``MAX_CRAWL_DELAY``). An answer is read
streamed and abandoned past ``max_bytes`` or past the total time limit, whichever comes first:
httpx's timeouts bound each read, not a server that dribbles a byte a second.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from app import __version__

USER_AGENT = f"faultline/{__version__} (news feed reader; +https://github.com/faultline)"
ROBOTS_AGENT = "faultline"
MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that gave no usable answer; ``retry`` says whether a later run may do better."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class Answer:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()


@dataclass
class Politeness:
    """How gently to fetch: seconds between two requests to one host, and the limits of one."""

    per_host_delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024


@dataclass
class PoliteClient:
    """Fetches URLs one at a time, the way a well-behaved crawler does."""

    politeness: Politeness = field(default_factory=Politeness)
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last_request: dict[str, float] = field(default_factory=dict)
    _delays: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        limits = self.politeness
        self._client = httpx.Client(
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            transport=self.transport,
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        accept: Callable[[str], str | None] | None = None,
    ) -> Answer:
        """GET ``url`` following redirects (each hop checked), or :class:`FetchError`.

        Answers 2xx and 304 are returned; other statuses raise (4xx for good, 5xx and 429 to
        retry). ``accept(media_type)`` may refuse a 2xx by its content type, with a reason,
        before its body is read.
        """
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_url(url)
            self._check_robots(url)
            answer = self._request(url, headers or {}, accept=accept)
            if answer.status in _REDIRECTS:
                location = answer.headers.get("location")
                if not location:
                    raise FetchError(f"redirect {answer.status} without a Location", retry=False)
                url = urljoin(url, location)
                continue
            if answer.status == 304 or 200 <= answer.status < 300:
                return answer
            retry = answer.status >= 500 or answer.status in (408, 429)
            raise FetchError(f"HTTP {answer.status}", retry=retry)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", retry=False)

    @staticmethod
    def _check_url(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url[:200]}", retry=False)

    def _request(
        self,
        url: str,
        headers: dict[str, str],
        *,
        limit: int | None = None,
        accept: Callable[[str], str | None] | None = None,
    ) -> Answer:
        """One request, after the host's delay; the body read up to the size and time limits."""
        host = _host(url)
        delay = self._delays.get(host, self.politeness.per_host_delay)
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        max_bytes = limit or self.politeness.max_bytes
        deadline = self.clock() + self.politeness.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if accept is not None and 200 <= response.status_code < 300:
                    media_type = response.headers.get("content-type", "").split(";")[0]
                    refusal = accept(media_type.strip().lower())
                    if refusal is not None:
                        raise FetchError(refusal, retry=False)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"too large: {declared} bytes > {max_bytes}", retry=False)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"too large: over {max_bytes} bytes", retry=False)
                    if self.clock() > deadline:
                        raise FetchError(
                            f"timed out after {self.politeness.timeout:g}s", retry=True
                        )
                return Answer(
                    str(response.url), response.status_code, response.headers, bytes(body)
                )
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.politeness.timeout:g}s", retry=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}"[:300], retry=True) from None
        finally:
            self._last_request[host] = self.clock()

    def _check_robots(self, url: str) -> None:
        host = _host(url)
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        robots = self._robots[host]
        if robots is not None and not robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("disallowed by robots.txt", retry=False)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules, or None (everything allowed) when it has no robots.txt."""
        robots_url = f"{host}/robots.txt"
        try:
            answer = self._robots_answer(robots_url)
        except FetchError as exc:
            if exc.retry:
                self._robots.pop(host, None)
                raise FetchError(f"robots.txt unreachable: {exc.reason}", retry=True) from None
            return None  # too large or not http(s): treated as absent
        if answer is None:
            return None
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(answer.decode("utf-8", errors="replace").splitlines())
        crawl_delay = parser.crawl_delay(ROBOTS_AGENT)
        if crawl_delay is not None:
            wanted = min(float(crawl_delay), MAX_CRAWL_DELAY)
            self._delays[host] = max(wanted, self.politeness.per_host_delay)
        return parser

    def _robots_answer(self, robots_url: str) -> bytes | None:
        url = robots_url
        for _hop in range(MAX_REDIRECTS + 1):
            answer = self._request(url, {}, limit=ROBOTS_MAX_BYTES)
            if answer.status in _REDIRECTS and answer.headers.get("location"):
                url = urljoin(url, answer.headers["location"])
                self._check_url(url)
                continue
            if 200 <= answer.status < 300:
                return answer.body
            if answer.status >= 500 or answer.status == 429:
                raise FetchError(f"HTTP {answer.status}", retry=True)
            return None  # 4xx: "unavailable", RFC 9309 section 2.3.1.3
        return None


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"
