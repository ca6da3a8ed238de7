"""Forces on the move and fighting (app/pipeline/extract/movement.py): our own sentences, with
the type and the acting side an ACLED coder would give them, and negatives beside them."""

from __future__ import annotations

import pytest

from app.pipeline.code_article import code_article
from tests.pipeline.sentences import PUBLISHED, events_of


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "About 400 Rwandan soldiers arrived in Cabo Delgado on Friday.",
            "troop_deployment",
            "RWA",
        ),
        ("Chadian troops landed in Bangui on Monday.", "troop_deployment", "TCD"),
        (
            "Britain also sent in dozens more police and troops on Tuesday.",
            "troop_deployment",
            "GBR",
        ),
        ("Ethiopian forces had captured the Somali town of Dolow by Sunday.", "incursion", "ETH"),
        (
            "Russian troops and allied Chechen fighters poured across the Ukrainian border.",
            "incursion",
            "RUS",
        ),
        (
            "Eritrean and Ethiopian troops traded artillery fire near Badme.",
            "armed_clash",
            None,
        ),
        (
            "Heavy fighting broke out between Sudan's army and the RSF in Omdurman.",
            "armed_clash",
            None,
        ),
    ],
)
def test_movement_frames(text: str, kind: str, actor: str | None) -> None:
    coded = events_of(text)
    assert kind in [t for t, _ in coded], coded
    if actor is not None:
        assert (kind, actor) in coded, coded


@pytest.mark.parametrize(
    "text",
    [
        "The delegation arrived in Geneva on Monday for the conference.",
        "Fighting words were exchanged at the summit in Brussels.",
        "Ethiopian police captured the suspects in Addis Ababa on Friday.",
    ],
)
def test_no_force_on_the_move(text: str) -> None:
    kinds = [t for t, _ in events_of(text)]
    assert not {"troop_deployment", "incursion", "armed_clash"} & set(kinds), kinds


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "The Pentagon is sending about 1,500 troops to the southern border.",
            "troop_deployment",
            "USA",
        ),
        (
            "About 200 Russian military instructors have arrived in Burkina Faso.",
            "troop_deployment",
            "RUS",
        ),
        (
            "Thousands of soldiers paraded through Red Square in Moscow on Thursday.",
            "military_parade",
            "RUS",
        ),
        (
            "Venezuela freed 10 Americans in exchange for the release of an ally of Maduro.",
            "prisoner_exchange",
            "VEN",
        ),
    ],
)
def test_more_movements(text: str, kind: str, actor: str) -> None:
    assert (kind, actor) in events_of(text)


def test_bare_congo_is_the_drc_as_in_wire_style() -> None:
    events = code_article("Rwandan troops have crossed into eastern Congo.", PUBLISHED).events
    assert [(e.type, e.target.country if e.target else None) for e in events] == [
        ("incursion", "COD")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        ("Chinese troops and Indian soldiers brawled in the Galwan valley.", "armed_clash", "CHN"),
        ("Ukrainian forces repelled a Russian assault near Avdiivka.", "armed_clash", "UKR"),
        (
            "Russian troops launched a cross-border offensive into Ukraine's Kharkiv region.",
            "incursion",
            "RUS",
        ),
        ("The UAE flew 20 tonnes of medical supplies to Port Sudan.", "aid", "ARE"),
        ("Government troops battled M23 rebels near Sake on Thursday.", "armed_clash", "COD"),
    ],
)
def test_fighting_and_flying(text: str, kind: str, actor: str) -> None:
    assert (kind, actor) in events_of(text)


def test_leaving_dead_is_the_clash_s_toll() -> None:
    text = "Chinese troops and Indian soldiers brawled in the Galwan valley, leaving 20 dead."
    events = code_article(text, PUBLISHED).events
    assert [(e.type, e.fatalities_best) for e in events] == [("armed_clash", 20)]


def test_a_flight_is_no_aid() -> None:
    assert events_of("The president flew to Paris on Monday.") == []


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        ("Russia marked Victory Day with a parade on Red Square.", "military_parade", "RUS"),
        (
            "Chinese warships and aircraft surrounded Taiwan in drills dubbed Strait Thunder.",
            "military_exercise",
            "CHN",
        ),
    ],
)
def test_parades_and_drills(text: str, kind: str, actor: str) -> None:
    assert (kind, actor) in events_of(text)
