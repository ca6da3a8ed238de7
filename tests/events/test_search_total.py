"""A full-text search finds its matches once per request, and its page and total agree with them.

The oracle is brute force: a case-insensitive substring test of every word over the summary,
quote and restored quote of every event, in the order the unfiltered listing gives for the
sort (that order is itself checked against Python in ``test_router``). Each search is walked
page by page with its cursor: every match must come back exactly once, and every page, first
or not, must report the total of the whole filter, not of the rows after its cursor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.events.schemas import EventSort
from tests.factories import make_events

Event = dict[str, Any]
SORTS = [s.value for s in EventSort]  # every sort SORT_KEYS defines
# Written into some summaries so that LIKE's wildcards and its escape character have literal
# text to find, and text that they would wrongly match if they were left unescaped.
LITERAL = " at 50%_off, C:\\dir\\x"
LOOKALIKE = " at 50 percent xoff, C:dirx"
QUERIES = [
    "drone",  # one trigram word
    "SYNTHETIC",  # most events: many pages, dated then undated
    "kharkiv EVENT",  # two words, both must match
    "report 1",  # a short word beside a trigram word
    "50%_off",  # LIKE wildcards are literal
    "C:\\dir",  # so is LIKE's escape character
    "t_e",  # a wildcard that would match "the" everywhere if it were one
    "nothing-matches-this",
]
FILTERS: list[tuple[dict[str, Any], Any]] = [
    ({}, lambda e: True),
    ({"type": ["attack", "casualties", "greeting"]}, lambda e: e["type"] in _TYPES),
    ({"country": "UKR"}, lambda e: "UKR" in _countries(e)),
    (
        {"date_from": "2024-06-01", "date_to": "2025-01-31"},
        lambda e: (
            e["date_start"] is not None
            and e["date_start"] <= "2025-01-31"
            and e["date_end"] >= "2024-06-01"
        ),
    ),
]
_TYPES = {"attack", "casualties", "greeting"}


@pytest.fixture
def corpus(client: TestClient, engine: Engine) -> list[Event]:
    """The seed plus 150 synthetic events, a few carrying ``LITERAL`` or ``LOOKALIKE``."""
    make_events(engine, 150)
    with engine.begin() as conn:
        for word, text in (("convoy", LITERAL), ("summit", LOOKALIKE)):
            conn.execute(
                sa.text("UPDATE event SET summary = summary || :text WHERE summary LIKE :word"),
                {"text": text, "word": f"%{word}%"},
            )
    events = _walk(client, {"limit": 1000}, total=None)
    assert len(events) == 163
    assert sum(LITERAL in e["summary"] for e in events) > 1
    return events


def _matches(event: Event, q: str) -> bool:
    """The contract: every word of ``q`` in the summary or a quote, ASCII case folded."""
    texts = [event[f] or "" for f in ("summary", "quote", "quote_restored")]
    return all(any(w.lower() in t.lower() for t in texts) for w in q.split())


def _countries(e: Event) -> set[str]:
    parts = [e["actor"], e["target"], e["location"]]
    return {p["country"] for p in parts if p and p["country"]}


def _walk(client: TestClient, params: dict[str, Any], *, total: int | None) -> list[Event]:
    """Every page of ``params`` by cursor; each page must report ``total`` (None: the count
    of all the pages' rows)."""
    events: list[Event] = []
    totals: list[int] = []
    cursor = None
    while True:
        page = client.get("/v1/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        events += body["data"]
        totals.append(body["meta"]["total"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    expected = len(events) if total is None else total
    assert totals == [expected] * len(totals), (params, totals, expected)
    return events


def _ids(events: list[Event]) -> list[str]:
    return [e["id"] for e in events]


@contextmanager
def _searches() -> Iterator[list[tuple[str, Any]]]:
    """(SQL, parameters) of every statement that rechecks search words (``LIKE``/``ILIKE``)."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if "LIKE" in statement.upper():
            seen.append((statement, params))

    sa.event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.parametrize("sort", SORTS)
def test_every_page_and_total_equal_the_oracle(
    client: TestClient, corpus: list[Event], sort: str
) -> None:
    """Pages of 7 (pages straddle the dated and undated parts) collect each match once, in
    the sort's order, and each reports the whole filter's total, with other filters too."""
    in_order = _walk(client, {"sort": sort, "limit": 1000}, total=len(corpus))
    for extra, keep in FILTERS:
        for q in QUERIES:
            expected = [e for e in in_order if keep(e) and _matches(e, q)]
            got = _walk(client, {"q": q, "sort": sort, "limit": 7, **extra}, total=len(expected))
            assert _ids(got) == _ids(expected), (q, sort, extra)


def test_the_oracle_cases_are_not_trivial(corpus: list[Event]) -> None:
    """Each query means something in this corpus: several pages, or a literal-only match."""
    count = {q: sum(_matches(e, q) for e in corpus) for q in QUERIES}
    assert count["SYNTHETIC"] > 100 and count["drone"] > 7 and count["report 1"] > 7
    assert 0 < count["50%_off"] < count["SYNTHETIC"] and count["C:\\dir"] == count["50%_off"]
    assert count["t_e"] == 0 and count["nothing-matches-this"] == 0
    undated = [e for e in corpus if e["date_start"] is None and _matches(e, "drone")]
    assert undated, "a drone search must straddle the dated and undated parts"


@pytest.mark.parametrize("q", ["un", "a 1", "t_"])
def test_words_too_short_for_trigrams(client: TestClient, corpus: list[Event], q: str) -> None:
    """No trigram: the LIKE conditions alone decide, and the total agrees."""
    expected = [e for e in corpus if _matches(e, q)]
    assert _ids(_walk(client, {"q": q, "limit": 9}, total=len(expected))) == _ids(expected)


@pytest.mark.parametrize("sort", SORTS)
def test_one_search_pass_per_request(client: TestClient, corpus: list[Event], sort: str) -> None:
    """A first page, a cursor page and a page across both date parts each run one search
    statement, total included; without the total that statement counts nothing."""
    cursor = None
    for _page in range(3):
        params = {"q": "synthetic", "sort": sort, "limit": 60}
        with _searches() as seen:
            body = client.get(
                "/v1/events", params={**params, "cursor": cursor} if cursor else params
            )
        assert body.status_code == 200
        assert len(seen) == 1, seen
        assert body.json()["meta"]["total"] == sum(_matches(e, "synthetic") for e in corpus)
        cursor = body.json()["meta"]["next_cursor"]
    assert cursor is None
    with _searches() as seen:
        body = client.get("/v1/events", params={"q": "synthetic", "sort": sort, "with_total": "0"})
    assert body.json()["meta"]["total"] is None and len(body.json()["data"]) == 50
    assert len(seen) == 1 and "count(" not in seen[0][0].lower(), seen


def test_a_cursor_page_left_empty_still_counts(
    client: TestClient, engine: Engine, corpus: list[Event]
) -> None:
    """When the rows after a cursor stopped matching, the empty page still has the total."""
    first = client.get("/v1/events", params={"q": "drone", "limit": 2}).json()
    kept = _ids(first["data"])
    unmatch = "replace(replace({0}, 'drone', 'dr0ne'), 'Drone', 'Dr0ne')"  # same length
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"UPDATE event SET summary = 'gone', quote = {unmatch.format('quote')}, "
                f"quote_restored = {unmatch.format('quote_restored')} WHERE id NOT IN (:a, :b)"
            ),
            {"a": kept[0], "b": kept[1]},
        )
    assert sum(_matches(e, "drone") for e in _walk(client, {"limit": 1000}, total=None)) == 2
    cursor = first["meta"]["next_cursor"]
    page = client.get("/v1/events", params={"q": "drone", "limit": 2, "cursor": cursor}).json()
    assert page["data"] == [] and page["meta"] == {"limit": 2, "next_cursor": None, "total": 2}


def test_csv_geojson_and_ndjson_searches(client: TestClient, corpus: list[Event]) -> None:
    """The other formats list the same matches with the same total."""
    found = [e for e in corpus if _matches(e, "drone")]
    expected = _ids(found)
    placed = _ids([e for e in found if e["location"] and e["location"]["lat"] is not None])
    params = {"q": "drone", "limit": 1000}
    table = client.get("/v1/events", params={**params, "format": "csv"})
    assert table.headers["x-total-count"] == str(len(expected))
    assert [r["id"] for r in csv.DictReader(io.StringIO(table.text))] == expected
    geo = client.get("/v1/events", params={**params, "format": "geojson"})
    assert geo.headers["x-total-count"] == str(len(expected))
    assert [f["properties"]["id"] for f in geo.json()["features"]] == placed
    lines = client.get("/v1/events", params={"q": "drone", "format": "ndjson"}).content
    assert [orjson.loads(line)["id"] for line in lines.splitlines()] == expected


@pytest.mark.parametrize("cursor", [False, True])
def test_the_trigram_index_is_read_once_and_drives_the_search(
    client: TestClient, engine: Engine, corpus: list[Event], cursor: bool
) -> None:
    """SQLite: the matches are found once by the trigram index, then counted and paged."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plans")
    params: dict[str, Any] = {"q": "synthetic", "limit": 5}
    if cursor:
        params["cursor"] = client.get("/v1/events", params=params).json()["meta"]["next_cursor"]
    with _searches() as seen:
        client.get("/v1/events", params=params)
    ((statement, values),) = seen
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, values).all()
    plan = "\n".join(str(r[-1]) for r in rows)
    assert plan.count("VIRTUAL TABLE") == 1, plan  # event_search, once
    assert "SEARCH event USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
    assert "MATERIALIZE matches" in plan and "ix_event_date_start" not in plan, plan


def test_postgres_searches_through_the_one_trigram_index(
    client: TestClient, engine: Engine, corpus: list[Event]
) -> None:
    """PostgreSQL: the search condition is the index's own expression, so the planner uses it
    (it would fall back to reading the table if the two drifted apart)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL query plans")
    with _searches() as seen:
        client.get("/v1/events", params={"q": "synthetic reactor", "limit": 5})
    ((statement, values),) = seen
    with engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = conn.exec_driver_sql("EXPLAIN " + statement, values).all()
    plan = "\n".join(str(r[0]) for r in rows)
    assert "ix_event_search_trgm" in plan and "Seq Scan on event" not in plan, plan


def test_a_word_only_in_the_restored_quote_or_only_in_the_quote_is_found(
    client: TestClient, engine: Engine, corpus: list[Event]
) -> None:
    """The restored quote is searched where it differs from the quote, the quote always."""
    restored, quoted = corpus[3]["id"], corpus[4]["id"]
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE event SET quote_restored = quote || ' zyxwrestored' WHERE id = :id"),
            {"id": restored},
        )
        conn.execute(
            sa.text(
                "UPDATE event SET quote = 'zyxwquoted', quote_restored = 'zyxwquoted', "
                "char_end = char_start + 10 WHERE id = :id"
            ),
            {"id": quoted},
        )
    for word, event_id in (("ZYXWrestored", restored), ("zyxwQuoted", quoted)):
        body = client.get("/v1/events", params={"q": word}).json()
        assert [e["id"] for e in body["data"]] == [event_id] and body["meta"]["total"] == 1
    assert client.get("/v1/events", params={"q": "zyxwrestored zyxwquoted"}).json()["data"] == []
