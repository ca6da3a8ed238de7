"""All source SQL: listing, reading, and ingesting an article with its events in one transaction."""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col

from app.api.errors import InvalidParameter, NotFound, ProblemItem
from app.api.pagination import PageParams, id_keyset_page
from app.events.service import events_of_source
from app.models import Actor, Deletion, Event, Location, Origin, Source
from app.models.common import new_id, utcnow
from app.pipeline.code_article import code_article
from app.pipeline.types import EventDraft
from app.sources.schemas import SourceCreate
from app.sources.urls import web_url_problem
from app.store.db import insert_ignoring_duplicates, write_session

_SOURCE_COLUMNS: tuple[Any, ...] = (
    col(Source.id).label("id"),
    col(Source.title),
    col(Source.publisher),
    col(Source.url),
    col(Source.published_at),
    col(Source.content_sha256),
    col(Source.raw_text),
    col(Source.text),
    col(Source.spun),
    col(Source.created_at),
    col(Source.updated_at),
)


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sources_query() -> Any:
    counts = (
        sa.select(col(Event.source_id).label("source_id"), sa.func.count().label("n"))
        .group_by(col(Event.source_id))
        .subquery()
    )
    return sa.select(
        *_SOURCE_COLUMNS, sa.func.coalesce(counts.c.n, 0).label("events_count")
    ).outerjoin(counts, counts.c.source_id == col(Source.id))


def list_sources(
    *, session: Session, page: PageParams
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """Sources newest first (ids are ULIDs, so id order is ingest order)."""
    rows, cursor, total = id_keyset_page(
        session, _sources_query(), col(Source.id), sort="-id", params=page, descending=True
    )
    return [_public(r) for r in rows], cursor, total


def _public(row: Any) -> dict[str, Any]:
    """A source row as the API shape; SQLite hands timestamps back naive, and they are UTC."""
    out = dict(row._mapping)
    for key in ("created_at", "updated_at"):
        if out[key].tzinfo is None:
            out[key] = out[key].replace(tzinfo=UTC)
    return out


def get_source_or_raise(*, session: Session, source_id: str) -> dict[str, Any]:
    row = session.execute(_sources_query().where(col(Source.id) == source_id)).first()
    if row is None:
        raise NotFound(f"No source with id {source_id!r}.")
    detail = _public(row)
    detail["events"] = events_of_source(session=session, source_id=source_id)
    return detail


@dataclass(frozen=True)
class IngestResult:
    source: dict[str, Any]
    created: bool


def _source_id_by_hash(session: Session, sha: str) -> str | None:
    query = sa.select(col(Source.id)).where(col(Source.content_sha256) == sha)
    found: str | None = session.execute(query).scalar_one_or_none()
    return found


def draft_columns(draft: EventDraft) -> dict[str, Any]:
    """The event columns a draft sets: everything but ids, origin, confidence and timestamps."""
    return {
        "type": draft.type,
        "summary": draft.summary,
        "date_start": draft.date_start,
        "date_end": draft.date_end,
        "date_precision": draft.date_precision,
        "actor_id": draft.actor.id if draft.actor else None,
        "target_id": draft.target.id if draft.target else None,
        "location_id": draft.location.id if draft.location else None,
        "fatalities_low": draft.fatalities_low,
        "fatalities_best": draft.fatalities_best,
        "fatalities_high": draft.fatalities_high,
        "quantity": draft.quantity,
        "certainty": draft.certainty,
        "attribution": draft.attribution,
        "char_start": draft.char_start,
        "char_end": draft.char_end,
        "quote": draft.quote,
        "quote_restored": draft.quote_restored,
        "notes": "; ".join(draft.notes) or None,
    }


def store_drafts(
    session: Session,
    *,
    source_id: str,
    drafts: Sequence[EventDraft],
    origin: Origin,
    ids: Sequence[str] | None = None,
) -> None:
    """Add ``drafts`` as events of ``source_id`` with their actors and locations (no commit)."""
    actors = {a.id: a for d in drafts for a in (d.actor, d.target) if a is not None}
    places = {d.location.id: d.location for d in drafts if d.location is not None}
    insert_ignoring_duplicates(session, Actor, [asdict(a) for a in actors.values()])
    insert_ignoring_duplicates(session, Location, [asdict(p) for p in places.values()])
    now = utcnow()
    rows = [
        {
            **draft_columns(draft),
            "id": ids[i] if ids is not None else new_id("evt"),
            "source_id": source_id,
            "origin": origin.value,
            "confidence": None if origin is Origin.curated else draft.confidence,
            "created_at": now,
            "updated_at": now,
        }
        for i, draft in enumerate(drafts)
    ]
    if rows:
        session.execute(sa.insert(Event), rows)


def ingest_source(*, engine: Engine, payload: SourceCreate) -> IngestResult:
    """Normalize, extract and store an article and its events in one transaction.

    The same text again returns what is stored (``created=False``), even when two identical
    ingests race: the loser's insert fails on the unique hash and it reads the winner's row.
    """
    # The schema checks the URL, but a payload can be built without validation
    # (``model_construct``): the rule holds for every caller of the service.
    problem = web_url_problem(payload.url) if payload.url is not None else None
    if problem is not None:
        raise InvalidParameter(
            f"Invalid 'url': {problem}.", errors=[ProblemItem(loc=["body", "url"], msg=problem)]
        )
    sha = content_sha256(payload.text)
    with Session(engine) as session:
        existing = _source_id_by_hash(session, sha)
        if existing is not None:
            return IngestResult(get_source_or_raise(session=session, source_id=existing), False)
    coded = code_article(payload.text, payload.published_at)
    source_id = new_id("src")
    try:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                _store_source(engine, source_id, payload, coded, sha)
                break
            except OperationalError as exc:
                if not _is_transient(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * 2**attempt)
    except IntegrityError:
        with Session(engine) as session:
            existing = _source_id_by_hash(session, sha)
            if existing is None:
                raise
            return IngestResult(get_source_or_raise(session=session, source_id=existing), False)
    with Session(engine) as session:
        return IngestResult(get_source_or_raise(session=session, source_id=source_id), True)


# PostgreSQL may pick a concurrent ingest as a deadlock victim (the rollup triggers update shared
# counter rows) or fail it on serialization; the transaction was rolled back whole, so run it again.
WRITE_ATTEMPTS = 5
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})


def _is_transient(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


def _store_source(
    engine: Engine, source_id: str, payload: SourceCreate, coded: Any, sha: str
) -> None:
    source = Source(
        id=source_id,
        title=payload.title,
        publisher=payload.publisher,
        url=payload.url,
        published_at=payload.published_at or coded.published_at,
        content_sha256=sha,
        raw_text=payload.text,
        text=coded.doc.text,
        spun=coded.doc.spun,
    )
    with write_session(engine) as session, session.begin():
        session.add(source)
        session.flush()
        store_drafts(session, source_id=source_id, drafts=coded.events, origin=Origin.extracted)


def reextract_source(*, engine: Engine, source_id: str, published_at: date | None = None) -> int:
    """Replace a source's extracted events by a fresh run of the pipeline; curated ones stay.

    Returns the number of events now extracted from it.
    """
    with write_session(engine) as session, session.begin():
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"No source with id {source_id!r}.")
        coded = code_article(source.raw_text, published_at or source.published_at)
        stale = (
            session.execute(
                sa.select(col(Event.id)).where(
                    col(Event.source_id) == source_id, col(Event.origin) == Origin.extracted.value
                )
            )
            .scalars()
            .all()
        )
        if stale:
            # Tombstones let mirrors polling /v1/deletions drop the replaced events too.
            session.execute(sa.delete(Event).where(col(Event.id).in_(stale)))
            now = utcnow()
            session.execute(sa.insert(Deletion), [{"id": i, "deleted_at": now} for i in stale])
        source.text = coded.doc.text
        source.spun = coded.doc.spun
        source.updated_at = utcnow()
        store_drafts(session, source_id=source_id, drafts=coded.events, origin=Origin.extracted)
        return len(coded.events)
