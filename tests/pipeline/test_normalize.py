"""Behaviour of the text normalizer: page debris, glued captions, spin detection and restoration."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.normalize import STEPS, NormalizeConfig, explain, normalize
from app.pipeline.normalize.despin import spin_score
from app.pipeline.types import NormalizedText

CASES_DIR = Path(__file__).parent / "cases" / "normalize"


def _seed_raw() -> str:
    # Bytes, then decode: text mode could translate newlines, and the seed is kept byte-exact.
    return resources.files("app.data").joinpath("seed/article.txt").read_bytes().decode("utf-8")


SEED = _seed_raw()


@pytest.fixture(scope="module")
def seed_doc() -> NormalizedText:
    return normalize(SEED)


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text("utf-8")):
            marks = (
                [pytest.mark.xfail(strict=True, reason=case["comment"])]
                if case["expect"] == "fail"
                else []
            )
            params.append(pytest.param(case, id=f"{path.stem}:{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _load_cases())
def test_case(case: dict[str, str]) -> None:
    doc = normalize(case["text"])
    assert doc.text == case["expected_text"]
    if case["text"] == case["expected_text"]:
        assert doc.edits == () and doc.steps == ()


class TestSeedRestoration:
    @pytest.mark.parametrize(
        "expected",
        [
            "North Korean leader Kim Jong Un",
            "through “sharing blood, life and death in the same trench” in the Ukraine war, "
            "as he sent",
            "to the North Korean leader on December 18",
            "Kim’s message followed President Putin’s own New Year’s greeting",
            "troops in Russia’s western Kursk region",
            "between the two countries, state media reported",
            "a “precious common asset to be carried forward forever not only in the present era "
            "but also by posterity generation after generation”",
            "“Now no one can break the relations",
            "Yonhap news agency",
            "intelligence agencies say North Korea deployed thousands of troops to support Moscow "
            "in its war against Ukraine",
            "Troops attend a military parade to mark the 75th founding anniversary",
            "at Kim Il Sung Square in Pyongyang",
            "officially confirmed in April",
            "Russia’s military campaign against Ukraine",
            "killed in combat",
            "clear landmines in Russia’s Kursk region in August 2025, following a Ukrainian",
            "at least 9 soldiers",
            "a day after he instructed his officials",
            "increase missile production and build more factories to produce munitions",
            "stepped up missile testing in recent years, which analysts say is aimed at improving",
            "long-range missiles in order to deter what Kim sees as threats",
            "Intensified testing of weapons could also be linked",
            "exports of military equipment to Russia, the analysts say.",
            "Alongside troop deployments, Pyongyang is believed to have supplied Moscow",
            "long-range rocket systems, while Russia has provided financial aid, military "
            "technology, and food and energy supplies",
            "leaders send New Year’s greetings",
            "shared experience of ‘blood, life and death’ in Ukraine war.",
        ],
    )
    def test_key_restoration(self, seed_doc: NormalizedText, expected: str) -> None:
        assert expected in seed_doc.text

    def test_is_spun(self, seed_doc: NormalizedText) -> None:
        assert seed_doc.spun
        assert seed_doc.spin_score >= NormalizeConfig().spin_threshold * 10

    def test_the_dateline_and_quotes_stay_exact(self, seed_doc: NormalizedText) -> None:
        assert "Published On 27 Dec 2025\n" in seed_doc.text
        assert seed_doc.text.count("“") == SEED.count("“")
        assert seed_doc.text.count("’") == SEED.count("’") - SEED[790:1195].count("’")

    def test_restored_seed_reads_as_clean(self, seed_doc: NormalizedText) -> None:
        again = normalize(seed_doc.text)
        assert not again.spun and again.spin_score == 0
        assert again.edits == ()


class TestSeedDebris:
    @pytest.mark.parametrize(
        "gone",
        [
            "Recommended Stories",
            "list of 4 items",
            "New York to necessitate societal media platforms",
            "Keir Starmer says",
            "Has the combat against al-Shabab failed?",
            "Israeli forces termination Palestinian",
            "4 hours ago",
            "English (US)",
            "\n6\n",
            "\n\n\n",
        ],
    )
    def test_debris_is_gone(self, seed_doc: NormalizedText, gone: str) -> None:
        assert gone in SEED
        assert gone not in seed_doc.text

    def test_debris_spans_are_recorded(self, seed_doc: NormalizedText) -> None:
        pieces = [SEED[s.start : s.end] for s in seed_doc.debris]
        assert pieces[0].startswith("Recommended Stories\n")
        assert pieces[0].endswith("West Bank\n")
        assert pieces[-1].startswith("\n4 hours ago\n6\n")
        assert pieces[-1].endswith("English (US) ·")
        assert seed_doc.text.endswith("supplies to the North.\n")

    def test_caption_is_split_and_listed(self, seed_doc: NormalizedText) -> None:
        assert len(seed_doc.captions) == 1
        caption = seed_doc.captions[0]
        assert SEED[caption.start : caption.end] == (
            "Troops be a subject parade to people the 75th founding day of North Korea’s army, "
            "astatine Kim Il Sung Square successful Pyongyang, North Korea [File: KCNA via Reuters]"
        )
        assert "[File: KCNA via Reuters]\nNorth Korea officially confirmed" in seed_doc.text


class TestEdits:
    def test_every_edit_slices_its_raw_word(self, seed_doc: NormalizedText) -> None:
        records = explain(seed_doc)
        assert len(records) == len(seed_doc.edits)
        for edit, record in zip(seed_doc.edits, records, strict=True):
            assert SEED[edit.start : edit.end] == record["raw"]
            assert record["restored"] == edit.replacement
            assert (record["raw_start"], record["raw_end"]) == (edit.start, edit.end)
            if edit.step == "restore_spun_words":
                raw_word = SEED[edit.start : edit.end]
                assert raw_word.strip() == raw_word and raw_word, edit
                assert raw_word.lower() != edit.replacement.lower(), edit
                assert seed_doc.restored(edit.start, edit.end) == edit.replacement

    def test_word_level_examples(self, seed_doc: NormalizedText) -> None:
        pairs = {(r["raw"], r["restored"]) for r in explain(seed_doc)}
        assert {
            ("successful", "in"),
            ("Successful", "In") if "Successful" in SEED else ("successful", "in"),
            ("helium", "he"),
            ("astatine slightest", "at least"),
            ("person", "leader"),
            ("connected", "on"),
            ("rocket", "missile"),
            ("person", "have"),
            ("portion", "while"),
            ("portion", "region"),
        } <= pairs

    def test_edits_do_not_overlap_or_enter_debris(self, seed_doc: NormalizedText) -> None:
        for before, after in zip(seed_doc.edits, seed_doc.edits[1:], strict=False):
            assert before.end <= after.start
        for edit in seed_doc.edits:
            if edit.step == "restore_spun_words":
                assert not any(d.start < edit.end and edit.start < d.end for d in seed_doc.debris)

    def test_steps_in_registry_order(self, seed_doc: NormalizedText) -> None:
        # The seed's spinner is the one the hand lexicon knows: once it has restored its words,
        # too few rare spinner outputs are left for the WordNet layer to change anything.
        assert set(seed_doc.steps) == {name for name, _ in STEPS} - {"restore_wordnet_synonyms"}

    def test_random_spans_map_consistently(self, seed_doc: NormalizedText) -> None:
        rng = random.Random(20251227)
        text, raw = seed_doc.text, seed_doc.raw
        for _ in range(2000):
            a = rng.randrange(len(text) + 1)
            b = rng.randrange(a, min(len(text), a + 200) + 1)
            span = seed_doc.to_raw_span(a, b)
            assert 0 <= span.start <= span.end <= len(raw)
            # The raw slice holds everything the text span was restored from. (An inserted
            # newline at the very edge has no raw origin, so the raw slice may read without it.)
            assert text[a:b].strip("\n") in seed_doc.restored(span.start, span.end)
        for _ in range(2000):
            a = rng.randrange(len(raw) + 1)
            b = rng.randrange(a, min(len(raw), a + 200) + 1)
            span = seed_doc.to_text_span(a, b)
            assert text[span.start : span.end] == seed_doc.restored(a, b)
            touched = [e for e in seed_doc.edits if e.start < b and a < e.end]
            if not touched:  # untouched raw text reads as itself
                assert seed_doc.restored(a, b) == raw[a:b]


class TestCleanText:
    CLEAN = (
        "SEOUL (Reuters) - A person familiar with the matter said a successful strike hit a line "
        "connected to the depot. The unit was deployed in March, and the portion of the budget "
        "for helium balloons was the subject of talks. Arsenic poisoning was ruled out.\n"
    )

    def test_clean_article_is_unchanged(self) -> None:
        doc = normalize(self.CLEAN)
        assert doc.text == self.CLEAN
        assert (doc.edits, doc.steps, doc.spun, doc.captions, doc.debris) == ((), (), False, (), ())
        assert explain(doc) == []
        assert spin_score(self.CLEAN) == 0


class TestConfig:
    def test_steps_can_be_switched_off(self) -> None:
        doc = normalize(SEED, NormalizeConfig(restore_spun_words=False))
        assert "restore_spun_words" not in doc.steps
        assert "North Korean person Kim" in doc.text
        assert "Recommended Stories" not in doc.text

    def test_high_threshold_leaves_words_alone(self) -> None:
        # Two signals mark a text spun (the lexicon's tells, the share of rare WordNet outputs).
        doc = normalize(SEED, NormalizeConfig(spin_threshold=10_000, spin_share_threshold=1.0))
        assert not doc.spun
        assert "restore_spun_words" not in doc.steps

    def test_config_is_frozen(self) -> None:
        with pytest.raises(AttributeError):
            NormalizeConfig().spin_threshold = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("\n", "\n"),
        ("Advertisement", ""),
        ("a\r\nAdvertisement\r\nb\r\n", "a\r\nb\r\n"),
    ],
)
def test_edge_inputs(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
