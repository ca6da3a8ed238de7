"""Hostile input: every answer is a precise 4xx problem+json (or a correct 2xx), never a 500,
never a traceback, and the database is byte-for-byte what it was (compared as an export)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.http.middleware import MAX_QUERY_PARAMS, MAX_URL_BYTES, BodyGuardMiddleware
from app.main import create_app
from app.store.backup import export_lines
from tests.test_errors import assert_problem

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE event; --",
    '" OR 1=1 --',
    "%' UNION SELECT raw_text, 1 FROM source --",
    "'); DELETE FROM event; --",
    "1 AND (SELECT 1 FROM pg_sleep(5)) = 1",
    "evt_%",
    "%",
    "_",
    "\\",
    "*/ OR /*",
    "$(rm -rf /)",
    "{{7*7}}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202eevil",
    "😀" * 30,
    "NaN",
    "-1",
    "1e309",
    "9" * 40,
    " ",
]

LIST_PARAMS: dict[str, list[str]] = {
    "/v1/events": [
        "type",
        "actor",
        "country",
        "date_from",
        "date_to",
        "bbox",
        "min_fatalities",
        "q",
        "source",
        "updated_since",
        "sort",
        "limit",
        "cursor",
        "with_total",
    ],
    "/v1/stats/timeline": [
        "type",
        "actor",
        "country",
        "date_from",
        "date_to",
        "bbox",
        "min_fatalities",
        "q",
        "source",
        "updated_since",
        "interval",
    ],
    "/v1/stats/facets": ["q", "actor", "source", "bbox", "by", "limit", "date_from"],
    "/v1/actors": ["kind", "country", "q", "limit", "cursor", "with_total"],
    "/v1/locations": ["country", "q", "limit", "cursor", "with_total"],
    "/v1/sources": ["limit", "cursor", "with_total"],
    "/v1/deletions": ["since", "limit", "cursor", "with_total"],
}
ITEM_PATHS = ["/v1/events/{}", "/v1/actors/{}", "/v1/sources/{}"]


def dump(engine: Engine) -> list[str]:
    return list(export_lines(engine))


@pytest.fixture
def unchanged(engine: Engine) -> Iterator[None]:
    """Fail the test if the database differs afterwards in any row or column."""
    before = dump(engine)
    yield
    assert dump(engine) == before


def check(response: Any, *allowed: int) -> dict[str, Any] | None:
    """``response`` is one of ``allowed``; a 4xx is problem+json; nothing leaks a traceback."""
    assert response.status_code in allowed, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and 'File "' not in response.text
    if response.status_code >= 400:
        return assert_problem(response, response.status_code)
    return None


@pytest.mark.usefixtures("unchanged")
class TestInjection:
    @pytest.mark.parametrize("path", list(LIST_PARAMS))
    def test_every_query_parameter(self, client: TestClient, path: str) -> None:
        for param in LIST_PARAMS[path]:
            for hostile in INJECTIONS:
                response = client.get(path, params={param: hostile})
                body = check(response, 200, 422)
                if body is not None:
                    assert body["errors"], (path, param, hostile)
                    assert body["errors"][0]["loc"][:2] == ["query", param], (param, hostile)

    def test_every_path_parameter(self, client: TestClient) -> None:
        for template in ITEM_PATHS:
            for hostile in INJECTIONS:
                response = client.get(template.format(hostile.replace("/", "%2F")))
                check(response, 404, 422)

    def test_like_wildcards_are_literal(self, client: TestClient) -> None:
        everything = client.get("/v1/events", params={"limit": 1000}).json()["data"]
        for char in ("%", "_", "\\"):
            expected = sorted(
                e["id"]
                for e in everything
                if any(char in e[f] for f in ("summary", "quote", "quote_restored"))
            )
            got = client.get("/v1/events", params={"q": char, "limit": 1000}).json()["data"]
            assert sorted(e["id"] for e in got) == expected, char

    def test_write_bodies(self, client: TestClient, auth: dict[str, str]) -> None:
        for hostile in INJECTIONS[:6]:
            for field in ("title", "url", "publisher", "published_at"):
                payload = {"text": " ", field: hostile}  # blank text: refused before storing
                check(client.post("/v1/sources", json=payload, headers=auth), 422)


@pytest.mark.usefixtures("unchanged")
class TestMalformedValues:
    @pytest.mark.parametrize(
        ("query", "loc"),
        [
            ("limit=1000000000000000000000000", "limit"),
            ("limit=-5", "limit"),
            ("limit=0", "limit"),
            ("limit=1.5", "limit"),
            ("min_fatalities=-1", "min_fatalities"),
            ("min_fatalities=1e3", "min_fatalities"),
            ("date_from=2025-02-30", "date_from"),
            ("date_from=0", "date_from"),
            ("date_from=20250101", "date_from"),
            ("date_from=2025-01-01T00:00:00Z", "date_from"),
            ("date_to=-2025-01-01", "date_to"),
            ("date_from=2025-12-31&date_to=2025-01-01", "date_to"),
            ("updated_since=0.5", "updated_since"),
            ("updated_since=1700000000", "updated_since"),
            ("updated_since=2025-13-01T00:00:00Z", "updated_since"),
            ("bbox=", "bbox"),
            ("bbox=1,2,3", "bbox"),
            ("bbox=1,2,3,4,5", "bbox"),
            ("bbox=1_0,2,3,4", "bbox"),
            ("bbox=inf,0,1,1", "bbox"),
            ("bbox=0,0,1,1e400", "bbox"),
            ("bbox=0,91,1,92", "bbox"),
            ("bbox=0,10,1,5", "bbox"),
            ("bbox=-181,0,0,1", "bbox"),
            ("bbox=0x10,0,1,1", "bbox"),
            ("sort=date;DROP", "sort"),
            ("with_total=maybe", "with_total"),
            ("type=" + "x" * 5000, "type"),
            ("q=" + "x" * 201, "q"),
            ("source=" + "s" * 41, "source"),
        ],
    )
    def test_precise_422(self, client: TestClient, query: str, loc: str) -> None:
        for path in ("/v1/events", "/v1/stats/timeline"):
            if loc in ("limit", "sort", "with_total") and path != "/v1/events":
                continue
            body = check(client.get(f"{path}?{query}"), 422)
            assert body is not None and body["errors"][0]["loc"][:2] == ["query", loc], body

    def test_too_many_repeats(self, client: TestClient) -> None:
        query = "&".join(["type=attack"] * 51)
        body = check(client.get(f"/v1/events?{query}"), 422)
        assert body is not None and body["errors"][0]["loc"][:2] == ["query", "type"]


@pytest.fixture
def real_cursor(client: TestClient) -> str:
    cursor: str = client.get("/v1/events", params={"limit": 1}).json()["meta"]["next_cursor"]
    assert cursor
    return cursor


def _b64(obj: Any) -> str:
    raw = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.usefixtures("unchanged")
class TestCursors:
    def test_forged_and_truncated(self, client: TestClient, real_cursor: str) -> None:
        forged = [
            real_cursor[:-3],
            real_cursor[: len(real_cursor) // 2],
            real_cursor + "A",
            real_cursor.swapcase(),
            real_cursor[::-1],
            "%FF%FE",
            "=" * 10,
            "....",
            _b64(b"\xff\xfe\x00"),
            _b64([1, 2, 3]),
            _b64({"s": "date", "k": [0, "2025-01-01", "evt_x"]}),  # another sort's cursor
            _b64({"s": "-date", "k": [0, "2025-99-01", "evt_x"]}),
            _b64({"s": "-date", "k": [0, "2025-01-01", {"$gt": ""}]}),
            _b64({"s": "-date", "k": [10**30, "2025-01-01", "evt_x"]}),
            _b64({"s": "-date", "k": [True, "2025-01-01", "evt_x"]}),
            _b64({"s": "-date", "k": [0, "2025-01-01"]}),
            _b64({"s": "-date", "k": [0, "2025-01-01", "evt_x", "extra"]}),
            _b64({"s": "-date", "k": [0, "2025-01-01", "x' OR '1'='1"]}),
        ]
        for cursor in forged:
            response = client.get("/v1/events", params={"cursor": cursor})
            if response.status_code == 200:
                # Well-formed keys (the quoted string) page on as plain data, never as SQL.
                assert cursor.startswith(_b64({"s": "-date"})[:8]), cursor
                continue
            body = check(response, 422)
            assert body is not None and body["errors"][0]["loc"] == ["query", "cursor"], cursor

    def test_deeply_nested_cursor(self, client: TestClient) -> None:
        # 1,536 opening brackets: a 2,048-character cursor, within MAX_CURSOR_CHARS.
        cursor = _b64(b"[" * 1536)
        with TestClient(client.app, raise_server_exceptions=False) as plain:
            body = check(plain.get("/v1/events", params={"cursor": cursor}), 422)
        assert body is not None and body["errors"][0]["loc"] == ["query", "cursor"]

    @pytest.mark.parametrize(
        ("sort", "key"),
        [
            ("updated_at", ["not a time", "evt_x"]),
            ("updated_at", [5, "evt_x"]),
            ("-fatalities", ["five", "evt_x"]),
            ("-fatalities", [5, 7]),
            ("date", [0, "", "evt_x"]),
        ],
    )
    def test_wrong_key_types(self, client: TestClient, sort: str, key: list[Any]) -> None:
        cursor = _b64({"s": sort, "k": key})
        body = check(client.get("/v1/events", params={"sort": sort, "cursor": cursor}), 422)
        assert body is not None and body["errors"][0]["loc"] == ["query", "cursor"]

    @pytest.mark.parametrize(
        "path", ["/v1/sources", "/v1/actors", "/v1/locations", "/v1/deletions"]
    )
    def test_id_lists(self, client: TestClient, path: str, real_cursor: str) -> None:
        for cursor in (real_cursor, real_cursor[:-2], _b64({"s": "id", "k": [1]}), "!!"):
            body = check(client.get(path, params={"cursor": cursor}), 422)
            assert body is not None and body["errors"][0]["loc"] == ["query", "cursor"]


@pytest.mark.usefixtures("unchanged")
class TestRequestLine:
    def test_ten_thousand_parameters(self, client: TestClient) -> None:
        # A raw ASGI request: httpx itself refuses to build so long a URL.
        query = "&".join(f"p{i}=1" for i in range(10_000))
        status, body = asgi_get(client, "/v1/events", query.encode())
        assert status == 414 and body["status"] == 414

    def test_too_many_parameters_within_the_length(self, client: TestClient) -> None:
        query = "&".join("a=1" for _ in range(MAX_QUERY_PARAMS + 1))
        assert len(query) < MAX_URL_BYTES
        body = check(client.get(f"/v1/events?{query}"), 422)
        assert body is not None and body["errors"][0]["loc"] == ["query"]

    def test_a_long_url(self, client: TestClient) -> None:
        status, body = asgi_get(client, "/v1/events", b"q=" + b"x" * MAX_URL_BYTES)
        assert status == 414 and body["type"].endswith("/uri-too-long")

    @pytest.mark.parametrize(
        ("query", "loc"),
        [
            (b"q=%FF%FE", ["query", "q"]),
            (b"actor=%C0%80", ["query", "actor"]),
            (b"source=abc%ED%A0%80", ["query", "source"]),  # an encoded surrogate
            (b"source=%00", ["query", "source"]),
            (b"actor=kim%00jong", ["query", "actor"]),
            (b"x%00y=1", ["query", "xy"]),
        ],
    )
    def test_non_utf8_and_nul(self, client: TestClient, query: bytes, loc: list[str]) -> None:
        for path in ("/v1/events", "/v1/stats/facets", "/v1/actors"):
            status, body = asgi_get(client, path, query)
            assert status == 422 and body["errors"][0]["loc"] == loc, (path, body)

    def test_nul_in_the_path(self, client: TestClient) -> None:
        for path in ("/v1/events/evt%00x", "/v1/actors/%00", "/v1/sources/src_%00"):
            body = check(client.get(path), 422)
            assert body is not None and body["errors"][0]["loc"] == ["path"]


def asgi_get(client: TestClient, path: str, query: bytes) -> tuple[int, dict[str, Any]]:
    """Send a GET straight to the ASGI app, past any client-side URL checks."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path.replace("%00", "\x00"),
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/problem+json", headers
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body)


@pytest.mark.usefixtures("unchanged")
class TestBodies:
    def post(self, client: TestClient, auth: dict[str, str], body: bytes, **headers: str) -> Any:
        return client.post(
            "/v1/sources",
            content=body,
            headers={**auth, "Content-Type": "application/json", **headers},
        )

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            (b'{"text": "a \\ud800 b"}', ["body", "text"]),  # a lone surrogate
            (b'{"text": "ok", "title": "\\udfff"}', ["body", "title"]),
            (b'{"text": "a\\u0000b"}', ["body"]),
            (b'{"text": "ok", "publisher": "x\\u0000"}', ["body"]),
            (b'{"text": "caf\xe9"}', ["body"]),  # Latin-1, not UTF-8
            (b"\xff\xfe{\x00}\x00", ["body"]),  # UTF-16
            (b'{"text": "x"', ["body"]),  # truncated
            (b'{"text": "x", "text": 5}', ["body", "text"]),
            (b'{"text": "x", "is_admin": true}', ["body", "is_admin"]),
            (b'{"text": 123}', ["body", "text"]),
            (b'["text"]', ["body"]),
            (b"null", ["body"]),
            (b"", ["body"]),
            (b'{"text": "x", "published_at": 0}', ["body", "published_at"]),
            (b'{"text": "x", "published_at": "yesterday"}', ["body", "published_at"]),
            (b'{"text": "x", "published_at": "2025-02-30"}', ["body", "published_at"]),
            (b'{"text": "x", "url": "' + b"u" * 2001 + b'"}', ["body", "url"]),
        ],
    )
    def test_malformed_json(
        self, client: TestClient, auth: dict[str, str], body: bytes, loc: list[str]
    ) -> None:
        problem = check(self.post(client, auth, body), 422)
        assert problem is not None and problem["errors"][0]["loc"][: len(loc)] == loc, problem

    def test_deeply_nested(self, client: TestClient, auth: dict[str, str]) -> None:
        for depth in (1_000, 100_000):
            body = b'{"text": ' + b"[" * depth + b"]" * depth + b"}"
            check(self.post(client, auth, body), 422)
            nested = b'{"text": "x", "title": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"
            check(self.post(client, auth, nested), 422)

    def test_oversized(self, client: TestClient, auth: dict[str, str], settings: Settings) -> None:
        big = json.dumps({"text": "x" * settings.max_body_bytes}).encode()
        problem = check(self.post(client, auth, big), 413)
        assert problem is not None and "larger than" in problem["detail"]

    def test_oversized_without_content_length(
        self, client: TestClient, auth: dict[str, str], settings: Settings
    ) -> None:
        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(settings.max_body_bytes // 65536 + 2):
                yield b"x" * 65536
            yield b'"}'

        response = client.post(
            "/v1/sources",
            content=chunks(),
            headers={**auth, "Content-Type": "application/json"},
        )
        check(response, 413)

    def test_lying_content_length(self, client: TestClient, auth: dict[str, str]) -> None:
        response = self.post(client, auth, b'{"text": "x"}', **{"Content-Length": "99999999999"})
        check(response, 413)

    def test_wrong_content_type(self, client: TestClient, auth: dict[str, str]) -> None:
        response = client.post(
            "/v1/sources", content=b"text=hi", headers={**auth, "Content-Type": "text/plain"}
        )
        check(response, 415)

    def test_writes_without_a_key(self, client: TestClient) -> None:
        for headers in (
            {},
            {"Authorization": "Bearer"},
            {"Authorization": "Bearer ' OR 1=1 --"},
            {"Authorization": "Basic dGVzdDp0ZXN0"},
            {"Authorization": "Bearer " + "k" * 10_000},
        ):
            response = client.post("/v1/sources", json={"text": "Hello."}, headers=headers)
            check(response, 401)
            assert "k" * 100 not in response.text


def test_a_slow_body_gets_408() -> None:
    """A body trickled past the deadline is cut off with 408, not waited on forever."""
    reached: list[bool] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    guard = BodyGuardMiddleware(app, max_bytes=1024, timeout=0.3)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(0.2)
        return {"type": "http.request", "body": b"x", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": [(b"content-type", b"application/json")]}
    asyncio.run(guard(scope, receive, send))
    assert not reached
    assert sent[0]["status"] == 408
    body = json.loads(sent[1]["body"])
    assert body["type"].endswith("/request-timeout") and body["status"] == 408


def test_no_500_even_on_postgresql_only_failures(
    settings: Settings, auth: dict[str, str], engine: Engine
) -> None:
    """NUL and non-UTF-8 text reaches no database driver (PostgreSQL refuses NUL in text)."""
    before = dump(engine)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for path in ("/v1/actors/a%00b", "/v1/events?actor=a%00b", "/v1/events?q=a%00b"):
            check(client.get(path), 422)
        check(client.post("/v1/sources", json={"text": "a\x00b"}, headers=auth), 422)
    assert dump(engine) == before


@pytest.mark.usefixtures("unchanged")
class TestParameterPollution:
    @pytest.mark.parametrize(
        "query", ["source=a&source=b", "limit=1&limit=1000", "sort=date&sort=-date", "q=a&q=b"]
    )
    def test_a_scalar_given_twice_is_refused(self, client: TestClient, query: str) -> None:
        body = check(client.get(f"/v1/events?{query}"), 422)
        assert body is not None and body["errors"][0]["loc"] == ["query", query.split("=")[0]]

    def test_lists_may_repeat(self, client: TestClient) -> None:
        check(client.get("/v1/events?type=attack&type=airstrike&country=UKR&country=RUS"), 200)


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.request("OPTIONS", "/v1/sources")
    check(response, 405)
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert client.put("/healthz").headers["allow"] == "GET, HEAD"


def test_the_openapi_document_declares_the_guards(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for item in paths.values():
        for operation in item.values():
            assert {"414", "422"} <= set(operation["responses"]), operation["operationId"]
            if "requestBody" in operation:
                assert {"408", "413"} <= set(operation["responses"]), operation["operationId"]
            for parameter in operation.get("parameters", []):
                assert {"type": "null"} not in parameter["schema"].get("anyOf", [])
