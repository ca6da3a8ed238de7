"""The WordNet-grown frames (app/pipeline/extract/frames.py): event families told in words the
hand rules do not list. Each sentence is ours; each asserts the type and the parties a coder
would give it, and a clean negative beside it."""

from __future__ import annotations

from datetime import date

import pytest

from app.pipeline.code_article import code_article

PUBLISHED = date(2024, 3, 8)

CASES = [
    ("Russian troops pulled out of the village of Krynky on Tuesday.", "withdrawal", "RUS"),
    ("Ethiopia withdrew its last soldiers from the Somali town of Baidoa.", "withdrawal", "ETH"),
    ("French forces have left the Nigerien capital after a decade.", "withdrawal", "FRA"),
    ("A Turkish convoy carrying food and blankets reached Aleppo on Monday.", "aid", "TUR"),
    ("Japan pledged $50 million in humanitarian assistance to Gaza.", "aid", "JPN"),
    ("Germany shipped howitzers and ammunition to Ukraine last week.", "arms_transfer", "DEU"),
    ("Washington announced a $400 million package of weapons for Kyiv.", "arms_transfer", "USA"),
    ("Britain froze the assets of six Iranian commanders.", "sanction", "GBR"),
    ("Canada imposed travel bans on four Venezuelan officials.", "sanction", "CAN"),
    ("Modi sent his condolences to Nepal after the earthquake.", "greeting", "IND"),
    ("Armenia and Azerbaijan agreed to stop fighting along the border.", "agreement", "ARM"),
    ("Sudan's army and the RSF reached a truce on Wednesday.", "agreement", "SDN"),
    ("A car bomb exploded near a market in Mogadishu on Thursday.", "attack", None),
    ("A suicide bomber blew himself up outside a mosque in Peshawar.", "attack", None),
    ("Forty Ukrainian prisoners of war were freed on Tuesday.", "prisoner_exchange", None),
]


@pytest.mark.parametrize(
    ("text", "kind", "actor"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)]
)
def test_frame_codes_the_event(text: str, kind: str, actor: str | None) -> None:
    events = code_article(text, PUBLISHED).events
    found = [e for e in events if e.type == kind]
    assert found, [(e.type, e.quote) for e in events]
    if actor is not None:
        assert found[0].actor is not None and found[0].actor.country == actor


NEGATIVES = [
    "The minister left the meeting early, aides said.",
    "The company shipped its new phones to stores across Europe.",
    "The river froze over during the coldest winter in decades.",
    "Talks on a ceasefire are due to resume next week in Cairo.",
    "Russia denied that its troops had pulled out of the village.",
    "The bomb disposal team said no device had exploded.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_event_where_none_happened(text: str) -> None:
    assert [(e.type, e.quote) for e in code_article(text, PUBLISHED).events] == []
