"""An oracle for queries: ``/v1/events`` and ``/v1/stats/*`` against plain Python.

Hypothesis draws a batch of events (stored through ``store_drafts``, as ingest stores them) and a
filter combination; the expected answer is computed in Python over every event in the database,
read back with one plain ``SELECT`` (no filter or aggregate SQL of the app), and compared with the
API: same members, same order, pages that tile the result exactly, totals and buckets that match.
Examples accumulate in the test's database, so later ones also run over earlier data; the filter
sometimes names the example's own source, sometimes not (the unfiltered paths are the ones that
rollups and indexes serve).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.models import Actor, Event, Location, Origin, Source
from app.models.common import new_id
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft
from app.sources.service import content_sha256, store_drafts
from app.stats.schemas import FacetBy, Interval
from app.stats.service import period_of
from app.store.db import write_session
from tests.factories import ACTORS, PLACES

TYPES = ["attack", "airstrike", "meeting", "casualties", "aid"]
WORDS = ["drone", "Shelling", "ceasefire", "convoy", "summit", "border", "50%", "a_b"]
COUNTRIES = ["UKR", "RUS", "IRN", "SDN", "FJI", "WSM", "ISR", "PRK", "SHN"]
PLACES_ALL = [
    *PLACES,
    # Inside the antimeridian box's latitudes, outside its longitudes.
    LocationDraft("jamestown-shn", "Jamestown", "SHN", None, -15.93, -5.72, "city"),
    LocationDraft("nowhere", "Somewhere", None, None, None, None, "country"),
]
DAY0 = date(2024, 1, 1)
_serial = itertools.count()


@dataclass(frozen=True)
class Row:
    """One stored event, as the oracle sees it."""

    id: str
    type: str
    summary: str
    quote: str
    quote_restored: str
    date_start: date | None
    date_end: date | None
    actor_id: str | None
    target_id: str | None
    location_id: str | None
    countries: frozenset[str]
    lat: float | None
    lon: float | None
    low: int | None
    best: int | None
    source_id: str
    updated_at: datetime


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_all(engine: Engine) -> list[Row]:
    target = aliased(Actor)
    query = (
        sa.select(Event, col(Actor.country), target.country, Location)
        .outerjoin(Actor, col(Actor.id) == col(Event.actor_id))
        .outerjoin(target, target.id == col(Event.target_id))
        .outerjoin(Location, col(Location.id) == col(Event.location_id))
    )
    rows = []
    with Session(engine) as session:
        for event, a_country, t_country, place in session.execute(query).all():
            countries = {a_country, t_country, place.country if place else None} - {None}
            rows.append(
                Row(
                    id=event.id,
                    type=event.type,
                    summary=event.summary,
                    quote=event.quote,
                    quote_restored=event.quote_restored,
                    date_start=event.date_start,
                    date_end=event.date_end,
                    actor_id=event.actor_id,
                    target_id=event.target_id,
                    location_id=event.location_id,
                    countries=frozenset(countries),
                    lat=place.lat if place else None,
                    lon=place.lon if place else None,
                    low=event.fatalities_low,
                    best=event.fatalities_best,
                    source_id=event.source_id,
                    updated_at=_aware(event.updated_at),
                )
            )
    return rows


# What hypothesis draws --------------------------------------------------------------------------


@st.composite
def event_specs(draw: st.DrawFn) -> dict[str, Any]:
    dated = draw(st.booleans())
    start = DAY0 + timedelta(days=draw(st.sampled_from([0, 1, 6, 7, 30, 31, 365, 366, 500])))
    start = start if dated else None
    # Few distinct values: ties in every sort key and tolls right at the min_fatalities edges.
    low = draw(st.sampled_from([None, None, 0, 1, 3, 3, 100, 150]))
    return {
        "type": draw(st.sampled_from(TYPES)),
        "words": draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)),
        "start": start,
        "span": draw(st.sampled_from([0, 0, 0, 6, 45])) if dated else None,
        "actor": draw(st.one_of(st.none(), st.sampled_from(ACTORS))),
        "target": draw(st.one_of(st.none(), st.sampled_from(ACTORS))),
        "place": draw(st.one_of(st.none(), st.sampled_from(PLACES_ALL))),
        "low": low,
        # None: a low estimate without a best one (stats fall back to the low).
        "extra": draw(st.sampled_from([0, 0, 3, None])) if low is not None else None,
    }


BBOXES = [
    (30.0, 40.0, 40.0, 55.0),  # Kharkiv
    (20.0, 10.0, 60.0, 40.0),  # Isfahan and El Fasher
    (170.0, -25.0, -170.0, -10.0),  # across the antimeridian: Suva and Apia
    (-180.0, -90.0, 180.0, 90.0),
    (36.23, 49.99, 36.23, 49.99),  # a point, inclusive edges
]


@st.composite
def filter_specs(draw: st.DrawFn) -> dict[str, Any]:
    f: dict[str, Any] = {}
    if draw(st.booleans()):
        f["type"] = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 3)) == 0:
        pool = [a.id for a in ACTORS] + ["kim-jong-un"]
        f["actor"] = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 2)) == 0:
        f["country"] = draw(
            st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True)
        )
    if draw(st.booleans()):
        edges = [-30, 0, 1, 6, 7, 30, 31, 45, 366, 411, 560]
        a, b = sorted(draw(st.lists(st.sampled_from(edges), min_size=2, max_size=2)))
        if draw(st.booleans()):
            f["date_from"] = DAY0 + timedelta(days=a)
        if draw(st.booleans()):
            f["date_to"] = DAY0 + timedelta(days=b)
    if draw(st.integers(0, 2)) == 0:
        f["bbox"] = draw(st.sampled_from(BBOXES))
    if draw(st.integers(0, 3)) == 0:
        f["min_fatalities"] = draw(st.sampled_from([0, 1, 3, 100]))
    if draw(st.integers(0, 3)) == 0:
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))
        f["q"] = " ".join(w.upper() if draw(st.booleans()) else w for w in words)
    f["_source"] = draw(st.booleans())
    f["_since"] = draw(st.sampled_from([None, None, "past", "future", "stored"]))
    return f


def store(engine: Engine, specs: list[dict[str, Any]]) -> str:
    """One source holding ``specs`` as events; returns its id."""
    sentences, drafts = [], []
    offset = 0
    for i, spec in enumerate(specs):
        sentence = f"Item {i}: a {' '.join(spec['words'])} report. "
        drafts.append(_draft(spec, offset, sentence))
        sentences.append(sentence)
        offset += len(sentence)
    raw = "".join(sentences) + f"(oracle batch {next(_serial)} {new_id('x')})"
    source = Source(title="oracle", content_sha256=content_sha256(raw), raw_text=raw, text=raw)
    ids = [new_id("evt") for _ in drafts]
    source_id = source.id
    with write_session(engine) as session, session.begin():
        session.add(source)
        session.flush()
        store_drafts(session, source_id=source_id, drafts=drafts, origin=Origin.extracted, ids=ids)
    return source_id


def _draft(spec: dict[str, Any], offset: int, sentence: str) -> EventDraft:
    start: date | None = spec["start"]
    actor: ActorDraft | None = spec["actor"]
    target: ActorDraft | None = spec["target"]
    low: int | None = spec["low"]
    quote = sentence[:-1]
    return EventDraft(
        type=spec["type"],
        summary=f"Oracle {spec['words'][0]} event.",
        date_start=start,
        date_end=start + timedelta(days=spec["span"]) if start else None,
        date_precision="day" if start else "unknown",
        actor=actor,
        target=target if target != actor else None,
        location=spec["place"],
        certainty="reported",
        attribution=None,
        char_start=offset,
        char_end=offset + len(quote),
        quote=quote,
        quote_restored=quote,
        fatalities_low=low,
        fatalities_best=None if low is None or spec["extra"] is None else low + spec["extra"],
        fatalities_high=None,
        confidence=0.5,
    )


# The oracle -------------------------------------------------------------------------------------


def params_of(f: dict[str, Any], source_id: str, rows: list[Row]) -> dict[str, Any]:
    params = {k: v for k, v in f.items() if not k.startswith("_")}
    if "bbox" in params:
        params["bbox"] = ",".join(repr(v) for v in params["bbox"])
    for key in ("date_from", "date_to"):
        if key in params:
            params[key] = params[key].isoformat()
    if f["_source"]:
        params["source"] = source_id
    since = {
        "past": datetime(2000, 1, 1, tzinfo=UTC),
        "future": datetime(2999, 1, 1, tzinfo=UTC),
        "stored": min((r.updated_at for r in rows), default=None),
        None: None,
    }[f["_since"]]
    if since is not None:
        params["updated_since"] = since.isoformat()
    return params


def matches(row: Row, p: dict[str, Any]) -> bool:
    if "type" in p and row.type not in p["type"]:
        return False
    if "actor" in p and row.actor_id not in p["actor"] and row.target_id not in p["actor"]:
        return False
    if "country" in p and not row.countries & set(p["country"]):
        return False
    if "date_from" in p and (row.date_end is None or row.date_end.isoformat() < p["date_from"]):
        return False
    if "date_to" in p and (row.date_start is None or row.date_start.isoformat() > p["date_to"]):
        return False
    if "bbox" in p:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in p["bbox"].split(","))
        if row.lat is None or row.lon is None or not min_lat <= row.lat <= max_lat:
            return False
        if min_lon <= max_lon and not min_lon <= row.lon <= max_lon:
            return False
        if min_lon > max_lon and not (row.lon >= min_lon or row.lon <= max_lon):
            return False
    if "min_fatalities" in p and (row.low is None or row.low < p["min_fatalities"]):
        return False
    if "q" in p:
        texts = (row.summary.lower(), row.quote.lower(), row.quote_restored.lower())
        if not all(any(w.lower() in t for t in texts) for w in p["q"].split()[:10]):
            return False
    if "source" in p and row.source_id != p["source"]:
        return False
    return not (
        "updated_since" in p and row.updated_at < datetime.fromisoformat(p["updated_since"])
    )


def ordered(rows: list[Row], sort: str) -> list[str]:
    if sort == "-date":
        dated = sorted((r for r in rows if r.date_start), key=lambda r: (r.date_start, r.id))
        undated = sorted((r.id for r in rows if not r.date_start), reverse=True)
        return [r.id for r in reversed(dated)] + undated
    if sort == "date":
        dated = sorted((r for r in rows if r.date_start), key=lambda r: (r.date_start, r.id))
        undated = sorted(r.id for r in rows if not r.date_start)
        return [r.id for r in dated] + undated

    def toll(r: Row) -> int:
        return r.best if r.best is not None else r.low if r.low is not None else -1

    if sort == "-fatalities":
        return [r.id for r in sorted(rows, key=lambda r: (toll(r), r.id), reverse=True)]
    return [r.id for r in sorted(rows, key=lambda r: (r.updated_at, r.id))]


def sums(rows: list[Row]) -> tuple[int, int, int]:
    low = sum(r.low or 0 for r in rows)
    best = sum((r.best if r.best is not None else r.low) or 0 for r in rows)
    return len(rows), low, best


def expected_timeline(rows: list[Row], interval: Interval) -> dict[str, Any]:
    buckets: dict[date, list[Row]] = {}
    for r in rows:
        if r.date_start is not None:
            buckets.setdefault(period_of(r.date_start, interval)[0], []).append(r)
    data = []
    for start in sorted(buckets):
        n, low, best = sums(buckets[start])
        data.append(
            {
                "period_start": start.isoformat(),
                "period_end": period_of(start, interval)[1].isoformat(),
                "events": n,
                "fatalities_low": low,
                "fatalities_best": best,
            }
        )
    undated = sum(1 for r in rows if r.date_start is None)
    meta = {"interval": interval.value, "total": len(rows), "undated": undated}
    return {"data": data, "meta": meta}


def expected_facets(rows: list[Row], by: FacetBy) -> list[tuple[Any, int, int, int]]:
    groups: dict[Any, list[Row]] = {}
    for r in rows:
        if by is FacetBy.country:
            keys: list[Any] = sorted(r.countries)
        else:
            keys = [{"type": r.type, "actor": r.actor_id, "location": r.location_id}[by.value]]
        for key in keys:
            groups.setdefault(key, []).append(r)
    out = [(key, *sums(members)) for key, members in groups.items()]
    return sorted(out, key=lambda g: (-g[1], g[0] is None, g[0] or ""))


# The properties ---------------------------------------------------------------------------------

ORACLE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    # No shrinking: a failure prints its (unshrunk) example at once instead of minutes later.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@ORACLE
@given(
    specs=st.lists(event_specs(), max_size=14),
    f=filter_specs(),
    sort=st.sampled_from(["-date", "date", "-fatalities", "updated_at"]),
    limit=st.integers(1, 9),
)
def test_event_pages_match_the_oracle(
    client: TestClient,
    engine: Engine,
    specs: list[dict[str, Any]],
    f: dict[str, Any],
    sort: str,
    limit: int,
) -> None:
    source_id = store(engine, specs)
    rows = read_all(engine)
    params = params_of(f, source_id, rows)
    expected = ordered([r for r in rows if matches(r, params)], sort)

    got: list[str] = []
    cursor = None
    for _page in range(len(expected) // limit + 2):
        query = {**params, "sort": sort, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/events", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["meta"]["total"] == len(expected)
        ids = [e["id"] for e in body["data"]]
        cursor = body["meta"]["next_cursor"]
        assert len(ids) == limit or cursor is None  # only the last page is short
        got += ids
        if cursor is None:
            break
        assert "Link" in response.headers
    assert cursor is None, "more pages than events"
    assert got == expected, params

    cheap = client.get("/v1/events", params={**params, "with_total": "false", "limit": 1000})
    assert cheap.json()["meta"]["total"] is None
    assert [e["id"] for e in cheap.json()["data"]] == ordered(
        [r for r in rows if matches(r, params)], "-date"
    )


@ORACLE
@given(
    specs=st.lists(event_specs(), max_size=14),
    f=filter_specs(),
    interval=st.sampled_from(list(Interval)),
    by=st.sampled_from(list(FacetBy)),
)
def test_stats_match_the_oracle(
    client: TestClient,
    engine: Engine,
    specs: list[dict[str, Any]],
    f: dict[str, Any],
    interval: Interval,
    by: FacetBy,
) -> None:
    source_id = store(engine, specs)
    rows = read_all(engine)
    params = params_of(f, source_id, rows)
    selected = [r for r in rows if matches(r, params)]

    timeline = client.get("/v1/stats/timeline", params={**params, "interval": interval.value})
    assert timeline.status_code == 200, timeline.text
    assert timeline.json() == expected_timeline(selected, interval), params

    facets = client.get("/v1/stats/facets", params={**params, "by": by.value, "limit": 1000})
    assert facets.status_code == 200, facets.text
    body = facets.json()
    assert body["meta"] == {"by": by.value, "total": len(selected)}
    got = [
        (b["value"], b["events"], b["fatalities_low"], b["fatalities_best"]) for b in body["data"]
    ]
    assert got == expected_facets(selected, by), params


@pytest.mark.parametrize("limit", [1, 2])
def test_facet_limit_keeps_the_largest_groups(
    client: TestClient, engine: Engine, limit: int
) -> None:
    store(
        engine,
        [
            {
                "type": "attack",
                "words": ["x"],
                "start": None,
                "span": None,
                "actor": None,
                "target": None,
                "place": None,
                "low": None,
                "extra": None,
            }
        ]
        * 3,
    )
    rows = read_all(engine)
    body = client.get("/v1/stats/facets", params={"by": "type", "limit": limit}).json()
    full = expected_facets(rows, FacetBy.type)
    assert [b["value"] for b in body["data"]] == [g[0] for g in full[:limit]]
