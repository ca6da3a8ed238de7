"""Aid pledges, weapons production and meetings in real-news wording (issue 11): our own
sentences, with the type an ACLED/CAMEO coder gives them, and negatives beside them."""

from __future__ import annotations

from datetime import date

import pytest

from app.pipeline.code_article import code_article

PUBLISHED = date(2024, 6, 5)


def _coded(text: str) -> list[tuple[str, str | None]]:
    events = code_article(text, PUBLISHED).events
    return [(e.type, e.actor.country if e.actor else None) for e in events]


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Donors meeting in Geneva pledged more than 1.2 billion dollars ($1.2 billion) in "
            "humanitarian aid for Yemen on Monday.",
            "aid",
            None,
        ),
        ("Japan put $40 million toward the relief effort fund for Gaza.", "aid", "JPN"),
        ("Qatar sent two search-and-rescue teams to Morocco on Saturday.", "aid", "QAT"),
        (
            "Iranian engineers have mass-produced new drones for the army.",
            "weapons_production",
            "IRN",
        ),
        (
            "Putin ordered the defence industry to churn out more glide bombs, the Kremlin said.",
            "weapons_production",
            "RUS",
        ),
        (
            "Kenya's President William Ruto and Ethiopia's Prime Minister Abiy Ahmed sat down "
            "together in Nairobi on Saturday.",
            "meeting",
            "KEN",
        ),
        (
            "Two rounds of negotiations between Sudan and South Sudan ended in Juba on Friday.",
            "negotiation",
            None,
        ),
    ],
)
def test_coded(text: str, kind: str, actor: str | None) -> None:
    coded = _coded(text)
    assert kind in [t for t, _ in coded], coded
    if actor is not None:
        assert (kind, actor) in coded, coded


@pytest.mark.parametrize(
    "text",
    [
        "The company plans to produce electric cars in Hungary.",
        "Local bakers produced 40,000 loaves for the festival in Tbilisi.",
    ],
)
def test_no_weapons_made(text: str) -> None:
    assert "weapons_production" not in [t for t, _ in _coded(text)]


def test_a_colon_dateline_is_no_party() -> None:
    text = "SEOUL: North Korea fired two ballistic missiles into the sea on Monday."
    assert ("weapons_test", "KOR") not in _coded(text)
