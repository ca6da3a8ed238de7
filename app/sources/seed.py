"""Load the curated seed: the article shipped in ``app/data/seed`` and its hand-coded events.

Idempotent: a second run finds every row as the file describes it and writes nothing. When the
reviewed file changes, changed events are updated, new ones added and dropped ones deleted
(with tombstones), so a deployed database follows the file's version. Events corrected or
withdrawn through the API are left as the curator left them.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import col

from app.models import Deletion, Event, Origin, Source
from app.models.common import utcnow
from app.pipeline.normalize import normalize
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft
from app.sources.service import content_sha256, draft_columns, store_drafts
from app.store.db import write_session

logger = logging.getLogger("faultline")
SEED_PACKAGE = "app.data.seed"


@lru_cache(maxsize=1)
def seed_file() -> dict[str, Any]:
    """The reviewed seed file, parsed."""
    text = resources.files(SEED_PACKAGE).joinpath("events.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def seed_article() -> str:
    """The seed article's raw text, byte for byte as captured."""
    name = seed_file()["source"]["file"]
    raw = resources.files(SEED_PACKAGE).joinpath(name).read_bytes()
    return raw.decode("utf-8")


def seed_drafts() -> list[tuple[str, EventDraft]]:
    """The curated events as (id, draft) pairs, resolved against the seed's actor/place lists."""
    data = seed_file()
    raw = seed_article()
    actors = {a["id"]: ActorDraft(**a) for a in data["actors"]}
    places = {p["id"]: LocationDraft(**p) for p in data["locations"]}
    out = []
    for e in data["events"]:
        quote = raw[e["char_start"] : e["char_end"]]
        if quote != e["quote"]:
            raise ValueError(f"seed event {e['id']}: quote is not raw[char_start:char_end]")
        out.append(
            (
                e["id"],
                EventDraft(
                    type=e["type"],
                    summary=e["summary"],
                    date_start=date.fromisoformat(e["date_start"]) if e["date_start"] else None,
                    date_end=date.fromisoformat(e["date_end"]) if e["date_end"] else None,
                    date_precision=e["date_precision"],
                    actor=actors[e["actor"]] if e["actor"] else None,
                    target=actors[e["target"]] if e["target"] else None,
                    location=places[e["location"]] if e["location"] else None,
                    certainty=e["certainty"],
                    attribution=e["attribution"],
                    char_start=e["char_start"],
                    char_end=e["char_end"],
                    quote=quote,
                    quote_restored=e["quote_restored"],
                    fatalities_low=e["fatalities_low"],
                    fatalities_best=e["fatalities_best"],
                    fatalities_high=e["fatalities_high"],
                    quantity=e["quantity"],
                    notes=(e["notes"],) if e.get("notes") else (),
                ),
            )
        )
    return out


def load_seed(engine: Engine) -> dict[str, int]:
    """Bring the seed source and its curated events in line with the file, in one transaction.

    Returns how many events were inserted, updated and deleted.
    """
    meta = seed_file()["source"]
    raw = seed_article()
    drafts = dict(seed_drafts())
    counts = {"inserted": 0, "updated": 0, "deleted": 0}
    with write_session(engine) as session, session.begin():
        source = session.get(Source, meta["id"])
        if source is None:
            doc = normalize(raw)
            session.add(
                Source(
                    id=meta["id"],
                    title=meta["title"],
                    publisher=meta["publisher"],
                    url=meta["url"],
                    published_at=date.fromisoformat(meta["published_at"]),
                    content_sha256=content_sha256(raw),
                    raw_text=raw,
                    text=doc.text,
                    spun=doc.spun,
                )
            )
            session.flush()
        stored = {
            e.id: e
            for e in session.execute(
                sa.select(Event).where(
                    col(Event.source_id) == meta["id"], col(Event.origin) == Origin.curated.value
                )
            ).scalars()
        }
        withdrawn = set(
            session.execute(
                sa.select(col(Deletion.id)).where(col(Deletion.id).in_(list(drafts)))
            ).scalars()
        )
        # Events withdrawn through the API stay withdrawn.
        missing = [i for i in drafts if i not in stored and i not in withdrawn]
        store_drafts(
            session,
            source_id=meta["id"],
            drafts=[drafts[i] for i in missing],
            origin=Origin.curated,
            ids=missing,
        )
        counts["inserted"] = len(missing)
        now = utcnow()
        for event_id, event in stored.items():
            if event_id not in drafts:
                session.delete(event)
                session.add(Deletion(id=event_id, deleted_at=now))
                counts["deleted"] += 1
                continue
            if event.updated_at != event.created_at:
                continue  # corrected through the API: a person's correction wins over the file
            wanted = draft_columns(drafts[event_id])
            if any(getattr(event, k) != v for k, v in wanted.items()):
                for key, value in wanted.items():
                    setattr(event, key, value)
                # Both stamps move, so "never edited through the API" (equal stamps) still
                # holds for the next version of the file.
                event.created_at = event.updated_at = now
                counts["updated"] += 1
    if any(counts.values()):
        logger.info("seed loaded: %s", counts)
    return counts
