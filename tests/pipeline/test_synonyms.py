"""The WordNet layer of the despinner (issue 11.3): spinners the hand lexicon was never written for.

Texts spun here use WordNet outputs the hand lexicon (``spin.json``) does not list: words only a
spinner writes ("functionaries", "metropolises", "hebdomads"), crude re-inflections ("taked")
and multi-word lemmas ("one million million").
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.pipeline.evaluate import load_cases, word_accuracy
from app.pipeline.normalize import DEFAULT_CONFIG, NormalizeConfig, normalize, synonyms
from app.pipeline.normalize.spin_lexicon import lexicon
from app.pipeline.types import NormalizedText

ROOT = Path(__file__).resolve().parents[2]
REALNEWS_DEV = load_cases(ROOT / "data" / "realnews" / "dev")
SEEDLIKE_DEV = load_cases(ROOT / "tests" / "pipeline" / "cases" / "dev2")

CLEAN = (
    "Officials said the army took control of two cities between Monday and Friday, and local "
    "officials said the government pledged $2 billion over the coming weeks."
)
SPUN = (
    "Functionaries said the army took control of two metropolises between Monday and Friday, "
    "and local functionaries said the government pledged $2 one million million over the "
    "coming hebdomads."
)
STEP = "restore_wordnet_synonyms"


def test_spun_words_outside_the_hand_lexicon_are_restored() -> None:
    lex = lexicon()
    assert not {"functionaries", "metropolises", "hebdomads"} & set(lex.words)
    doc = normalize(SPUN)
    assert doc.spun
    assert doc.text == CLEAN
    assert doc.steps == (STEP,)


def test_each_restoration_says_why_and_maps_back_to_the_raw_words() -> None:
    doc = normalize(SPUN)
    restored = {SPUN[e.start : e.end]: e.replacement for e in doc.edits}
    assert restored == {
        "Functionaries": "Officials",
        "metropolises": "cities",
        "functionaries": "officials",
        "one million million": "billion",
        "hebdomads": "weeks",
    }
    assert all("WordNet" in e.reason for e in doc.edits)
    start = doc.text.index("billion")
    span = doc.to_raw_span(start, start + len("billion"))
    assert SPUN[span.start : span.end] == "one million million"


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        # Rare but legitimate words, one or two to a text: never enough to call it spun.
        "Chemists in the metropolises of Asia said helium and arsenic were found in the water.",
        "The functionaries of the old regime fled, and the army took the port on Monday.",
    ],
)
def test_clean_text_with_rare_words_is_untouched(text: str) -> None:
    doc = normalize(text)
    assert not doc.spun
    assert doc.text == text and doc.edits == ()


class TestDetection:
    def test_clean_dev_articles_hold_no_rare_outputs(self) -> None:
        clean = [c for c in REALNEWS_DEV + SEEDLIKE_DEV if not c.spun]
        assert len(clean) == 39
        assert max(synonyms.spun_share(c.raw_text) for c in clean) == 0.0

    def test_most_real_news_spun_copies_are_detected_by_share_alone(self) -> None:
        # tools/spin.py at rate 0.2: the lightest three hold fewer than MIN_RARE rare outputs.
        spun = [c for c in REALNEWS_DEV if c.spun]
        threshold = DEFAULT_CONFIG.spin_share_threshold
        assert sum(synonyms.spun_share(c.raw_text) >= threshold for c in spun) >= 13
        assert len(spun) == 16

    def test_share_threshold_is_configurable(self) -> None:
        assert not normalize(SPUN, NormalizeConfig(spin_share_threshold=1.0)).spun

    def test_a_text_spun_by_the_seeds_spinner_is_left_to_the_hand_lexicon(self) -> None:
        # Once the lexicon restored its words, too few rare outputs remain for this layer.
        for case in (c for c in SEEDLIKE_DEV if c.spun):
            doc = normalize(case.raw_text)
            assert doc.spun
            assert STEP not in doc.steps, case.label


@pytest.fixture(scope="module")
def spun_docs() -> list[tuple[str, NormalizedText]]:
    return [(c.raw_text, normalize(c.raw_text)) for c in REALNEWS_DEV if c.spun]


class TestOffsetMap:
    def test_every_restored_word_is_an_exact_raw_slice(
        self, spun_docs: list[tuple[str, NormalizedText]]
    ) -> None:
        seen = 0
        for raw, doc in spun_docs:
            for edit in doc.edits:
                if edit.step != STEP:
                    continue
                seen += 1
                span = doc.to_text_span(edit.start, edit.end)
                assert doc.text[span.start : span.end] == edit.replacement
                back = doc.to_raw_span(span.start, span.end)
                assert raw[back.start : back.end] == raw[edit.start : edit.end]
        assert seen > 100

    def test_random_quotes_map_to_raw_slices_that_cover_them(
        self, spun_docs: list[tuple[str, NormalizedText]]
    ) -> None:
        rng = random.Random(113)
        for raw, doc in spun_docs:
            for _ in range(200):
                a = rng.randrange(len(doc.text) + 1)
                b = rng.randrange(a, min(len(doc.text), a + 300) + 1)
                span = doc.to_raw_span(a, b)
                assert 0 <= span.start <= span.end <= len(raw)
                # the raw slice, normalized again, covers the quote
                text_span = doc.to_text_span(span.start, span.end)
                assert text_span.start <= a and b <= text_span.end


def test_real_news_spun_copies_read_closer_to_their_originals() -> None:
    scores = [word_accuracy(c, lambda raw: normalize(raw).text) for c in REALNEWS_DEV if c.spun]
    total = sum(s.original_words for s in scores)
    raw = sum(s.baseline_matched for s in scores) / total
    restored = sum(s.normalized_matched or 0 for s in scores) / total
    # As `python -m app eval --set realnews-dev` measures it: 83.0% raw, 88.8% restored.
    assert restored >= raw + 0.05
