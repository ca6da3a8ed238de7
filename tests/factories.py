"""Small factories that store sources and events through the app's own storage path."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Engine

from app.models import Origin, Source
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft
from app.reference.taxonomy import EVENT_TYPE_SLUGS
from app.sources.service import content_sha256, store_drafts
from app.store.db import write_session

ACTORS = [
    ActorDraft("iran", "Iran", "state", "IRN"),
    ActorDraft("israel", "Israel", "state", "ISR"),
    ActorDraft("ukraine", "Ukraine", "state", "UKR"),
    ActorDraft("russia", "Russia", "state", "RUS"),
    ActorDraft("sudan-rsf", "Rapid Support Forces", "armed_force", "SDN"),
    ActorDraft("un", "United Nations", "organization", None),
]
PLACES = [
    LocationDraft("kharkiv-ukr", "Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23, "city"),
    LocationDraft("el-fasher-sdn", "El Fasher", "SDN", "North Darfur", 13.63, 25.35, "city"),
    LocationDraft("isfahan-irn", "Isfahan", "IRN", "Isfahan", 32.65, 51.67, "city"),
    LocationDraft("suva-fji", "Suva", "FJI", "Central", -18.14, 178.44, "city"),
    LocationDraft("apia-wsm", "Apia", "WSM", "Tuamasaga", -13.83, -171.76, "city"),
]
WORDS = ["drone", "shelling", "ceasefire", "convoy", "summit", "Kharkiv", "refinery", "border"]


def make_events(engine: Engine, count: int, *, seed: int = 7) -> str:
    """Store one source with ``count`` varied events; returns the source id.

    Dates repeat on purpose (ties exercise the keyset), a fifth are undated, tolls are
    heavy-tailed with unknowns, and places straddle the antimeridian.
    """
    rng = random.Random(seed)
    sentences, drafts = [], []
    offset = 0
    for i in range(count):
        word = rng.choice(WORDS)
        sentence = f"Report {i}: a {word} incident involving {rng.choice(ACTORS).name}. "
        start = offset
        offset += len(sentence)
        sentences.append(sentence)
        dated = rng.random() > 0.2
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 700, 7)) if dated else None
        span = timedelta(days=rng.choice([0, 0, 0, 30])) if day else None
        low = rng.choice([None, None, 0, 1, 3, 12, 150])
        best = None if low is None else low + rng.choice([0, 0, 2])
        actor = rng.choice(ACTORS)
        target = rng.choice([None, *ACTORS])
        drafts.append(
            EventDraft(
                type=rng.choice(EVENT_TYPE_SLUGS),
                summary=f"Synthetic {word} event {i}.",
                date_start=day,
                date_end=day + span if day and span is not None else None,
                date_precision="day" if dated else "unknown",
                actor=actor,
                target=target if target != actor else None,
                location=rng.choice([None, *PLACES]),
                certainty=rng.choice(["confirmed", "reported", "alleged"]),
                attribution=None,
                char_start=start,
                char_end=start + len(sentence) - 1,
                quote=sentence[:-1],
                quote_restored=sentence[:-1],
                fatalities_low=low,
                fatalities_best=best,
                fatalities_high=None,
                confidence=0.5,
            )
        )
    raw = "".join(sentences)
    source = Source(
        title=f"Synthetic report {seed}",
        publisher="Factory Wire",
        published_at=date(2026, 1, 1),
        content_sha256=content_sha256(raw),
        raw_text=raw,
        text=raw,
    )
    source_id = source.id
    with write_session(engine) as session, session.begin():
        session.add(source)
        session.flush()
        store_drafts(session, source_id=source_id, drafts=drafts, origin=Origin.extracted)
    return source_id
