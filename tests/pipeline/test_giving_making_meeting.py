"""Aid pledges, weapons production and meetings in real-news wording (issue 11): our own
sentences, with the type an ACLED/CAMEO coder gives them, and negatives beside them."""

from __future__ import annotations

import pytest

from app.pipeline.code_article import code_article
from tests.pipeline.sentences import PUBLISHED, events_of


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
    coded = events_of(text)
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
    assert "weapons_production" not in [t for t, _ in events_of(text)]


def test_a_colon_dateline_is_no_party() -> None:
    text = "SEOUL: North Korea fired two ballistic missiles into the sea on Monday."
    assert ("weapons_test", "KOR") not in events_of(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Putin and Xi held talks in the Kremlin on Tuesday.", "meeting"),
        ("Modi spoke by phone with Zelensky on Monday.", "meeting"),
        (
            "Araghchi held talks with his French counterpart in Geneva on the nuclear programme.",
            "negotiation",
        ),
    ],
)
def test_talks_that_consult_and_talks_that_negotiate(text: str, kind: str) -> None:
    kinds = [t for t, _ in events_of(text)]
    assert kind in kinds and len(kinds) == 1, kinds


@pytest.mark.parametrize(
    ("text", "actor", "target"),
    [
        ("Moscow said Kyiv was behind the drone attack on the Kremlin.", "RUS", "UKR"),
        ("Hamas said Israel was responsible for the deaths of the hostages.", "PSE", "ISR"),
    ],
)
def test_blame_is_the_speaker_s(text: str, actor: str, target: str) -> None:
    events = [e for e in code_article(text, PUBLISHED).events if e.type == "accusation"]
    assert [
        (e.actor.country if e.actor else None, e.target.country if e.target else None)
        for e in events
    ] == [(actor, target)]


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        ("Trump clinched a $110 billion arms deal with Saudi Arabia.", "arms_transfer", "USA"),
        (
            "Egypt signed a 5.2-billion-euro contract for 24 Rafale fighter jets with France.",
            "arms_transfer",
            "EGY",
        ),
        (
            "The United States imposed visa restrictions on 20 Georgian officials.",
            "sanction",
            "USA",
        ),
        (
            "The Security Council unanimously voted to impose sanctions on M23 leaders.",
            "sanction",
            None,
        ),
        (
            "Pakistan said its air force had carried out strikes across the border.",
            "airstrike",
            "PAK",
        ),
        (
            "Israel began freeing a group of Palestinian prisoners on Saturday.",
            "prisoner_exchange",
            "ISR",
        ),
        ("The warring sides released 318 prisoners on Friday.", "prisoner_exchange", None),
        ("The two sides agreed to a 30-day truce starting Monday.", "agreement", None),
    ],
)
def test_deals_sanctions_and_swaps(text: str, kind: str, actor: str | None) -> None:
    coded = events_of(text)
    assert kind in [t for t, _ in coded], coded
    if actor is not None:
        assert (kind, actor) in coded, coded
