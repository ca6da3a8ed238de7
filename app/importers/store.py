"""The store step every importer shares: batches of mapped rows, one transaction per batch.

Per row, keyed on ``external_id`` (``gdelt:<GLOBALEVENTID>``, ``acled:<event_id_cnty>``):

- not stored yet -> a new source (the row's text, ``content_sha256``-unique) and its event:
  **inserted**. If a source with the same text exists but no event has the id, the event was
  withdrawn (``DELETE /v1/events/{id}`` keeps the source): **skipped**, it stays withdrawn.
- stored with the same mapped values -> **skipped** (a re-import of the same file adds nothing,
  even if the file was re-exported with other quoting or extra columns).
- stored with other values (ACLED edits rows and re-exports them under the same id) -> the
  event is **updated** in place (same id, ``updated_at`` bumped) and points at a new source
  holding the new row; the superseded source is deleted once no event cites it.
- a row's place is the stored place of its name whose coordinates agree with the row's, else
  a new one (``places``): two villages of one name are two places.
- stored, but corrected by a curator since (``PATCH`` made it ``curated``) -> **kept** as the
  curator left it, whatever the row says now: an import never undoes a human's correction.

A batch is one write transaction (``BEGIN IMMEDIATE`` on SQLite), so a killed import leaves
whole batches only, and re-running it continues where it stopped. A batch that loses a race to
a concurrent import of the same rows (unique external_id or text hash) is retried; one the
database still refuses is stored row by row, and the refused rows are reported as bad.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, col

from app.importers.places import resolve_places
from app.importers.records import BadRow, ImportRecord, ImportReport, Parsed, Unmapped
from app.models import Actor, Event, Location, Origin, Source
from app.models.common import new_id, utcnow
from app.pipeline.types import EventDraft
from app.sources.service import content_sha256, draft_columns
from app.sources.urls import web_url_problem
from app.store.db import insert_ignoring_duplicates, write_session

DEFAULT_BATCH_SIZE = 1000
BATCH_ATTEMPTS = 2

#: Event columns an import sets from the row; a re-import compares them to decide on an update.
COMPARED = (
    "type",
    "summary",
    "date_start",
    "date_end",
    "date_precision",
    "actor_id",
    "target_id",
    "location_id",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "certainty",
    "attribution",
    "notes",
)


@dataclass
class BatchResult:
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    kept: int = 0


def import_records(
    engine: Engine,
    items: Iterable[Parsed],
    report: ImportReport,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Store the mapped rows of ``items`` in batches; count the rest in ``report``."""
    batch: list[ImportRecord] = []
    for item in items:
        report.rows += 1
        if isinstance(item, BadRow):
            report.add_bad(item)
        elif isinstance(item, Unmapped):
            report.unmapped[item.key] += 1
        elif item.url is not None and (problem := web_url_problem(item.url)):
            # The API's rule for a source's url holds for imported sources too (issue 14).
            report.add_bad(BadRow(item.line, f"url {item.url[:80]!r}: {problem}"))
        else:
            batch.append(item)
            if len(batch) >= batch_size:
                _flush(engine, batch, report)
                batch = []
                if on_batch is not None:
                    on_batch(report)
    if batch:
        _flush(engine, batch, report)
    if on_batch is not None:
        on_batch(report)
    return report


def _flush(engine: Engine, batch: Sequence[ImportRecord], report: ImportReport) -> None:
    for _attempt in range(BATCH_ATTEMPTS):
        try:
            with write_session(engine) as session, session.begin():
                result = store_batch(session, batch)
        except (IntegrityError, DataError):
            # Another import stored some of these rows between our read and our write (the
            # retry sees them), or the database refuses a row: find it below.
            continue
        _add(report, result)
        return
    # Row by row, so a row the database refuses costs that row only, as a bad row.
    for record in batch:
        try:
            with write_session(engine) as session, session.begin():
                result = store_batch(session, [record])
        except (IntegrityError, DataError) as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            report.add_bad(BadRow(record.line, f"refused by the database: {reason}"))
            continue
        _add(report, result)


def _add(report: ImportReport, result: BatchResult) -> None:
    report.inserted += result.inserted
    report.updated += result.updated
    report.skipped += result.skipped
    report.kept += result.kept


def store_batch(session: Session, batch: Sequence[ImportRecord]) -> BatchResult:
    """Insert, update or skip each record (see the module docstring); no commit."""
    result = BatchResult()
    latest = {record.external_id: record for record in batch}  # a later row of an id wins
    result.skipped += len(batch) - len(latest)
    resolved = resolve_places(session, list(latest.values()))
    latest = {record.external_id: record for record in resolved.records}
    shas = {ext: content_sha256(record.raw_text) for ext, record in latest.items()}
    stored = {
        row.external_id: row
        for row in session.execute(
            sa.select(
                col(Event.id),
                col(Event.source_id),
                col(Event.external_id),
                col(Event.origin),
                *(col(getattr(Event, c)) for c in COMPARED),
            ).where(col(Event.external_id).in_(list(latest)))
        )
    }
    sources: dict[str, str] = {
        sha: source_id
        for source_id, sha in session.execute(
            sa.select(col(Source.id), col(Source.content_sha256)).where(
                col(Source.content_sha256).in_(list(shas.values()))
            )
        )
    }
    now = utcnow()
    new_sources: list[dict[str, Any]] = []
    new_events: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    superseded: set[str] = set()
    touched: list[EventDraft] = []

    def source_for(record: ImportRecord, sha: str) -> str:
        if sha not in sources:
            sources[sha] = new_id("src")
            new_sources.append(_source_row(record, sha, sources[sha], now))
        return sources[sha]

    for ext, record in latest.items():
        sha, current = shas[ext], stored.get(ext)
        values = _event_values(record.draft)
        if current is None:
            if sha in sources:
                result.skipped += 1
                continue
            new_events.append(
                {
                    **values,
                    "id": new_id("evt"),
                    "source_id": source_for(record, sha),
                    "origin": Origin.imported.value,
                    "external_id": ext,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            result.inserted += 1
        elif current.origin == Origin.curated.value:
            result.kept += 1
            continue
        elif all(getattr(current, c) == values[c] for c in COMPARED):
            result.skipped += 1
            continue
        else:
            source_id = source_for(record, sha)
            if current.source_id != source_id:
                superseded.add(current.source_id)
            updates.append(
                {**values, "source_id": source_id, "updated_at": now, "b_id": current.id}
            )
            result.updated += 1
        touched.append(record.draft)

    _store_actors_and_places(session, touched, resolved.new_places)
    # Core inserts: one executemany each (the ORM's bulk path runs a statement per row here).
    if new_sources:
        session.execute(sa.insert(_table(Source)), new_sources)
    if new_events:
        session.execute(sa.insert(_table(Event)), new_events)
    if updates:
        _update_events(session, updates)
    if superseded:
        cited = sa.select(col(Event.id)).where(col(Event.source_id) == col(Source.id))
        session.execute(sa.delete(Source).where(col(Source.id).in_(superseded), ~sa.exists(cited)))
    return result


def _event_values(draft: EventDraft) -> dict[str, Any]:
    """The event columns an imported row sets (everything but ids, origin and timestamps)."""
    # Imported codings carry no confidence of ours: the dataset's own coders stand behind them.
    return {**draft_columns(draft), "confidence": None}


def _source_row(record: ImportRecord, sha: str, source_id: str, now: datetime) -> dict[str, Any]:
    return {
        "id": source_id,
        "title": record.title,
        "publisher": record.publisher,
        "url": record.url,
        "published_at": record.published_at,
        "content_sha256": sha,
        "raw_text": record.raw_text,
        "text": record.raw_text,
        "spun": False,
        "created_at": now,
        "updated_at": now,
    }


def _store_actors_and_places(
    session: Session, drafts: Sequence[EventDraft], new_places: dict[str, dict[str, Any]]
) -> None:
    actors = {a.id: a for d in drafts for a in (d.actor, d.target) if a is not None}
    places = {d.location.id: d.location for d in drafts if d.location is not None}
    no_key = {"place_key": None, "coordinate_decimals": None}
    for model, by_id in ((Actor, actors), (Location, places)):
        if not by_id:
            continue
        # Most actors and places of a batch are stored already: insert only the new ones, in
        # chunks that keep a multi-row INSERT under SQLite's and PostgreSQL's parameter limits.
        id_column = _table(model).c.id
        known = set(
            session.execute(sa.select(id_column).where(id_column.in_(list(by_id)))).scalars()
        )
        rows = [
            asdict(item) | (new_places.get(key, no_key) if model is Location else {})
            for key, item in by_id.items()
            if key not in known
        ]
        for start in range(0, len(rows), 500):
            insert_ignoring_duplicates(session, model, rows[start : start + 500])


def _table(model: type[Any]) -> sa.Table:
    table: sa.Table = model.__table__
    return table


def _update_events(session: Session, updates: list[dict[str, Any]]) -> None:
    table = _table(Event)
    names = [key for key in updates[0] if key != "b_id"]
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("b_id"))
        .values({name: sa.bindparam(f"b_{name}") for name in names})
    )
    session.execute(
        statement, [{f"b_{k}" if k != "b_id" else k: v for k, v in u.items()} for u in updates]
    )
