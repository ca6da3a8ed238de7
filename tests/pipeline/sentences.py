"""Coding one of our own test sentences: what the rule-family tests compare."""

from __future__ import annotations

from datetime import date

from app.pipeline.code_article import code_article

#: The publication day the test sentences are read against.
PUBLISHED = date(2024, 6, 5)


def events_of(text: str) -> list[tuple[str, str | None]]:
    """The events of ``text`` as (type, actor country) pairs."""
    events = code_article(text, PUBLISHED).events
    return [(e.type, e.actor.country if e.actor else None) for e in events]
