"""The gazetteer: countries, demonyms, capitals, regions, people and outlets, by surface form."""

from __future__ import annotations

import pytest

from app.pipeline.gazetteer import get_gazetteer, key_of, slugify
from app.pipeline.recognize import Recognizer


@pytest.mark.parametrize(
    ("surface", "actor_id", "country"),
    [
        ("North Korea", "north-korea", "PRK"),
        ("Democratic People's Republic of Korea", "north-korea", "PRK"),
        ("Russian Federation", "russia", "RUS"),
        ("U.S.", "united-states", "USA"),
        ("Pyongyang", "north-korea", "PRK"),
        ("Kyiv", "ukraine", "UKR"),
        ("Kim Jong Un", "kim-jong-un", "PRK"),
        ("Zelensky", "volodymyr-zelenskyy", "UKR"),
        ("KCNA", "korean-central-news-agency", "PRK"),
        ("Yonhap", "yonhap", "KOR"),
    ],
)
def test_actor_surfaces(surface: str, actor_id: str, country: str) -> None:
    entry = get_gazetteer().lookup(key_of(surface))
    assert entry is not None and entry.actor is not None
    assert (entry.actor.id, entry.actor.country) == (actor_id, country)


@pytest.mark.parametrize(
    ("surface", "precision", "country"),
    [
        ("Kursk region", "admin1", "RUS"),
        ("Kursk Oblast", "admin1", "RUS"),
        ("Kharkiv", "city", "UKR"),
        ("Gaza Strip", "admin1", "PSE"),
        ("Kim Il Sung Square", "point", "PRK"),
    ],
)
def test_place_surfaces(surface: str, precision: str, country: str) -> None:
    entry = get_gazetteer().lookup(key_of(surface))
    assert entry is not None and entry.location is not None
    assert (entry.location.precision, entry.location.country) == (precision, country)
    assert entry.location.lat is not None


def test_direction_words_are_no_places() -> None:
    assert get_gazetteer().lookup("western") is None


def test_slugify_folds_accents_and_apostrophes() -> None:
    assert slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert slugify("Côte d'Ivoire") == "cote-divoire"


def _ids(text: str) -> list[tuple[str, str | None]]:
    recognizer = Recognizer(get_gazetteer())
    out: list[tuple[str, str | None]] = []
    pos = 0
    for line in text.split("\n"):
        for m in recognizer.mentions(text, pos, pos + len(line)):
            out.append((text[m.start : m.end], m.actor.id if m.actor else None))
        pos += len(line) + 1
    return out


def test_demonym_before_force_noun_is_armed_forces() -> None:
    assert ("North Korean troops", "north-korea-armed-forces") in _ids("North Korean troops left.")


def test_nameless_office_is_its_holder() -> None:
    found = _ids("Putin wrote to the North Korean leader.")
    assert ("leader", "kim-jong-un") in found


def test_surname_is_the_last_person_of_that_name() -> None:
    found = _ids("Kim Yo Jong spoke on Monday.\nKim said talks were over.")
    assert found[-1] == ("Kim", "kim-yo-jong")


def test_pronoun_prefers_the_subject_over_an_object() -> None:
    found = _ids("Kim's message to Putin was sent after he met officials.")
    assert ("he", "kim-jong-un") in found


def test_the_north_is_north_korea_in_a_korean_story() -> None:
    found = _ids("Seoul protested.\nRussia sent aid to the North.")
    assert ("the North", "north-korea") in found


def test_title_makes_an_unknown_person_with_the_demonym_country() -> None:
    recognizer = Recognizer(get_gazetteer())
    text = "Georgian Prime Minister Irakli Kobakhidze spoke."
    person = [m.actor for m in recognizer.mentions(text, 0, len(text)) if m.kind == "title"]
    assert person and person[0] is not None
    assert (person[0].id, person[0].country) == ("irakli-kobakhidze", "GEO")
