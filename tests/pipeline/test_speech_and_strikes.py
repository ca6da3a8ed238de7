"""Demands, accusations and strikes told as real news tells them (issue 11): our own sentences,
with the type an ACLED/CAMEO coder gives them, and negatives beside them."""

from __future__ import annotations

import pytest

from app.pipeline.code_article import code_article
from tests.pipeline.sentences import PUBLISHED, events_of


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Kenya on Monday called on Ethiopia to withdraw its troops from the border.",
            "demand",
            "KEN",
        ),
        ("Japan urged China to release the detained businessman.", "demand", "JPN"),
        ("Algeria told Mali to stop drone flights near its frontier.", "demand", "DZA"),
        (
            "Egypt described the Ethiopian dam filling as a reckless provocation.",
            "accusation",
            "EGY",
        ),
        (
            "Seoul charged Pyongyang with sending trash balloons across the border.",
            "accusation",
            "KOR",
        ),
        ("Kharkiv came under another wave of Russian drone attacks on Sunday.", "attack", "RUS"),
        (
            "The Houthis fired a ballistic missile from Hodeidah at a Greek tanker on Tuesday.",
            "attack",
            None,
        ),
        (
            "Explosives packed in a truck blew up outside a market in Kabul on Friday.",
            "attack",
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
        "The African Union urged an immediate halt to the fighting.",
        "Rwanda called for dialogue on Tuesday.",
        "Kim ordered his munitions factories to double their output.",
        "Putin told the military to prepare new exercises.",
    ],
)
def test_appeals_and_orders_to_one_s_own_are_no_demand(text: str) -> None:
    assert "demand" not in [t for t, _ in events_of(text)]


def test_a_wire_dateline_is_no_party() -> None:
    text = (
        "BEIRUT (AP) — Syria's Kurdish-led administration said on Sunday it had reached an "
        "agreement with the Damascus government."
    )
    coded = events_of(text)
    assert ("agreement", "LBN") not in coded and "agreement" in [t for t, _ in coded]


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Ukraine says Russian forces executed 16 prisoners of war near Pokrovsk.",
            "attack",
            "RUS",
        ),
        (
            "Israel moved additional troops to its northern border on Monday.",
            "troop_deployment",
            "ISR",
        ),
        (
            "The United States has deployed an aircraft carrier strike group to the eastern "
            "Mediterranean.",
            "troop_deployment",
            "USA",
        ),
    ],
)
def test_more_acts(text: str, kind: str, actor: str) -> None:
    assert (kind, actor) in events_of(text)


def test_victims_of_a_passive_abduction_are_not_its_actor() -> None:
    assert events_of("Three Turkish engineers were kidnapped in Niger on Sunday.") == []


def test_a_leader_s_own_state_is_not_the_target_of_his_words() -> None:
    text = (
        "Prime Minister Shinzo Abe of Japan called the North Korean launch totally unacceptable "
        "and said Japan had lodged a protest."
    )
    events = [e for e in code_article(text, PUBLISHED).events if e.type == "accusation"]
    assert events and all(e.target is None or e.target.country != "JPN" for e in events)


def test_an_unnamed_group_told_again_is_the_same_attack() -> None:
    text = (
        "Gunmen stormed the village of Kouri in northern Burkina Faso on Sunday, killing nine "
        "civilians. The attackers set fire to homes and granaries."
    )
    assert [t for t, _ in events_of(text)].count("attack") == 1


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        ("Russia vowed to respond to the deployment of US missiles in Germany.", "threat", "RUS"),
        ("The Houthis said they would target any US ship in the Red Sea.", "threat", "YEM"),
        ("The last French soldiers left Niger on Friday.", "withdrawal", "FRA"),
        ("The US approved the sale of 40 F-35 jets to Turkey.", "arms_transfer", "USA"),
        (
            "Saudi Aramco said it had concluded agreements worth $50 billion with U.S. companies.",
            "cooperation",
            "SAU",
        ),
        (
            "Libya's government said the operation had been coordinated with Cairo.",
            "cooperation",
            "LBY",
        ),
    ],
)
def test_threats_withdrawals_sales_cooperation(text: str, kind: str, actor: str) -> None:
    assert (kind, actor) in events_of(text)


def test_a_delegation_leaving_is_no_withdrawal() -> None:
    assert events_of("The delegation left Geneva on Friday.") == []


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Azerbaijan said Armenia had violated the ceasefire overnight.", "AZE"),
        ("The EU expressed deep concern over the arrests of opposition leaders in Georgia.", None),
        ('Washington was still "deeply concerned" by the Georgian government\'s moves.', "USA"),
    ],
)
def test_blame_and_disapproval(text: str, actor: str | None) -> None:
    coded = events_of(text)
    assert "accusation" in [t for t, _ in coded], coded
    if actor is not None:
        assert ("accusation", actor) in coded


def test_a_depot_destroyed_is_an_attack_and_evidence_destroyed_is_not() -> None:
    assert ("attack", "NGA") in events_of(
        "The Nigerian army said it had destroyed a weapons depot used by militants in Borno."
    )
    assert events_of("Investigators said the suspects destroyed evidence.") == []
