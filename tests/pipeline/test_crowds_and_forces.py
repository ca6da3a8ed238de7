"""Crowds and unnamed forces (issue 11): our own sentences, each with the side an ACLED coder
gives it. A crowd is the protesters of the place it gathers in; police or soldiers with no
nationality are the forces of the country where they act; unnamed gunmen leave the actor empty.
"""

from __future__ import annotations

import pytest

from app.pipeline.code_article import code_article
from tests.pipeline.sentences import PUBLISHED, events_of


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Thousands of people marched through central Nairobi on Tuesday against new taxes.",
            "KEN",
        ),
        ("A crowd of about 3,000 people gathered outside parliament in Tbilisi on Monday.", "GEO"),
        (
            "Tens of thousands of demonstrators poured into the streets of Belgrade on Saturday.",
            "SRB",
        ),
        ("Hundreds of students joined anti-government protests in Caracas on Friday.", "VEN"),
        ("Riots broke out in the Senegalese capital, Dakar, on Monday night.", "SEN"),
    ],
)
def test_a_crowd_is_the_protesters_of_its_place(text: str, country: str) -> None:
    assert ("protest", country) in events_of(text)


def test_a_crowd_in_a_sentence_with_no_place_takes_the_article_s_country() -> None:
    text = (
        "Opposition leaders in Mozambique rejected the election result in Maputo on Monday.\n\n"
        "On Tuesday, thousands of young people marched to the electoral commission."
    )
    assert ("protest", "MOZ") in events_of(text)


def test_troops_on_parade_are_no_crowd() -> None:
    text = "Tens of thousands of troops marched across the square in Pyongyang on Friday."
    assert "protest" not in [t for t, _ in events_of(text)]


def test_a_party_named_before_the_crowd_is_not_its_side() -> None:
    text = (
        "Before the Australian reinforcements arrived, a crowd of 2,000 people marched on "
        "parliament in Port Moresby on Monday."
    )
    coded = events_of(text)
    assert ("protest", "PNG") in coded and ("protest", "AUS") not in coded


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Police fired tear gas at protesters in Lagos on Tuesday, killing two people.", "NGA"),
        ("Security forces opened fire on demonstrators in Khartoum on Monday.", "SDN"),
        ("One protester was killed by security forces in Baghdad on Friday, medics said.", "IRQ"),
    ],
)
def test_unnamed_state_forces_are_the_place_s(text: str, country: str) -> None:
    assert ("attack", country) in events_of(text)


def test_unnamed_gunmen_leave_the_actor_empty() -> None:
    coded = events_of("Gunmen stormed a village in Zamfara state on Sunday, killing 14 people.")
    assert coded == [("attack", None)]


def test_peacekeepers_are_not_the_host_s_forces() -> None:
    text = "UN peacekeepers opened fire on a crowd in Goma on Wednesday."
    assert ("attack", "COD") not in events_of(text)


@pytest.mark.parametrize(
    ("text", "kind", "actor"),
    [
        (
            "Pakistan's air force bombed suspected militant hideouts in Afghanistan's Paktika "
            "province.",
            "airstrike",
            "PAK",
        ),
        ("A suicide bomber killed 12 people at a mosque in Peshawar on Monday.", "attack", None),
        ("Armed men killed 20 villagers in an attack in Zamfara state.", "attack", None),
        (
            "Clashes between rival militias in Tripoli killed at least 27 people.",
            "armed_clash",
            None,
        ),
        (
            "The Saudi-led coalition carried out air strikes on Houthi positions in Sanaa.",
            "airstrike",
            "SAU",
        ),
    ],
)
def test_unnamed_and_led_forces(text: str, kind: str, actor: str | None) -> None:
    assert (kind, actor) in events_of(text)


def test_a_toll_of_villagers_is_counted() -> None:
    events = code_article("Gunmen killed 20 villagers in Zamfara state.", PUBLISHED).events
    assert [e.fatalities_best for e in events] == [20]
