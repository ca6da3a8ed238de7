"""What a death report is, and what a statement is (issue 11): our own sentences, each with the
reading a UCDP/ACLED coder would give it.

- Deaths a quake, an epidemic or an accident caused are no political violence.
- A participle used as an adjective or a noun ("wounded veterans", "help the wounded") reports
  nobody hurt.
- A death report with no number, told in a relative clause or as a running total, is no event;
  an exact toll stands, and a toll retold after its attack joins it.
- A statement is a party owning up to something; announcing is how acts are told, not an act.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.pipeline.code_article import code_article

PUBLISHED = date(2024, 3, 8)


def _types(text: str) -> list[str]:
    return [e.type for e in code_article(text, PUBLISHED).events]


@pytest.mark.parametrize(
    "text",
    [
        "A powerful earthquake near the city of Herat killed more than 1,000 people on Saturday.",
        "A cholera outbreak that killed 300 people swept through the camps of Kasai province.",
        "At least 40 people died in the floods that hit Porto Alegre on Monday.",
        "Twelve passengers were killed in a bus crash near Kandahar on Tuesday.",
    ],
)
def test_deaths_without_a_party_are_no_event(text: str) -> None:
    assert not {"casualties", "attack", "armed_clash"} & set(_types(text))


@pytest.mark.parametrize(
    "text",
    [
        "Wounded veterans in wheelchairs led the Victory Day column through Kyiv on Thursday.",
        "Volunteers in Gaziantep rushed to the hospital to give blood for the wounded.",
    ],
)
def test_participles_as_adjectives_report_nobody_hurt(text: str) -> None:
    assert "casualties" not in _types(text)


def test_uncounted_deaths_in_a_relative_clause_are_no_event() -> None:
    text = "The envoy paid tribute to the aid workers who have been killed, and asked for access."
    assert "casualties" not in _types(text)


def test_running_total_is_no_event() -> None:
    text = "Tens of thousands of people have been killed across the Sahel in the past decade."
    assert "casualties" not in _types(text)


def test_exact_toll_stands_as_a_casualty_report() -> None:
    events = code_article("Nine Malian soldiers were killed near Gao on Monday.", PUBLISHED).events
    assert [(e.type, e.fatalities_best) for e in events] == [("casualties", 9)]


def test_a_toll_split_from_its_count_by_an_apposition_keeps_the_count() -> None:
    text = "On Friday, around 30 people, most of them herders, lost their lives near Djibo."
    events = [e for e in code_article(text, PUBLISHED).events if e.type == "casualties"]
    assert [e.fatalities_best for e in events] == [30]


def test_a_toll_told_by_the_blast_joins_the_bombing() -> None:
    text = (
        "A car bomb exploded outside a police station in Quetta on Wednesday. "
        "A shopkeeper across the road was killed by the blast."
    )
    types = _types(text)
    assert types.count("attack") == 1 and "casualties" not in types


def test_an_admission_is_a_statement() -> None:
    text = "Iran acknowledged on Sunday that its air defences had shot down the airliner."
    assert "statement" in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        "President Ruto announced the figure at the close of the donors' conference in Nairobi.",
        "The junta declared on Monday that the elections would be held in 2027.",
        "Milei, who had announced the cuts in January, met unions on Tuesday.",
    ],
)
def test_announcing_is_no_statement(text: str) -> None:
    assert "statement" not in _types(text)


def test_a_toll_in_a_relative_clause_of_a_named_attack_is_no_event_of_its_own() -> None:
    text = (
        "Kenya's government said on Friday that al Shabaab was behind the bombing of a bus "
        "station in Mandera that killed 14 people."
    )
    assert "casualties" not in _types(text)


def test_another_source_s_toll_joins_the_attack() -> None:
    text = (
        "Police opened fire on protesters in Nairobi on Tuesday, killing six people, medics said. "
        "Hospital sources gave a higher toll of nine dead."
    )
    types = _types(text)
    assert "casualties" not in types and types.count("attack") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Eastern Chad has known little peace since foreign armies withdrew under the 2010 deal.",
        "France has kept troops in the Sahel since 2013, when it intervened to stop a jihadist "
        "advance on Bamako.",
        "Ankara regards the PKK, whose fighters have attacked Turkish towns since 1984, as a "
        "terrorist group.",
    ],
)
def test_background_anchors_are_no_events(text: str) -> None:
    assert not {"withdrawal", "attack", "incursion", "troop_deployment"} & set(_types(text))


def test_a_message_sent_is_no_aid_offered_after_it() -> None:
    text = (
        "Aliyev sent a message of solidarity to Erdogan and offered to send rescuers to help "
        "pull survivors from collapsed buildings."
    )
    assert "aid" not in _types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Since the conflict began, at least 12,000 civilians have died.",
        "The ministry said 45 people were killed and 120 wounded in the past 24 hours.",
    ],
)
def test_totals_over_a_period_are_no_event(text: str) -> None:
    assert "casualties" not in _types(text)


def test_a_total_since_a_date_this_year_is_a_range_report() -> None:
    events = code_article(
        "Since January, at least 7,000 people have been killed in the fighting in Haiti.", PUBLISHED
    ).events
    assert [(e.type, e.date_precision) for e in events] == [("casualties", "range")]


def test_leaving_n_dead_counts_the_dead_not_the_children_among_them() -> None:
    events = code_article("The blast left 15 dead, including four children.", PUBLISHED).events
    assert [e.fatalities_best for e in events] == [15]
