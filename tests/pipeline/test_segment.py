"""Paragraph and sentence segmentation of normalized text."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest

from app.pipeline.normalize import normalize
from app.pipeline.segment import Paragraph, Sentence, segment, split_sentences
from app.pipeline.types import NormalizedText

SEED = resources.files("app.data").joinpath("seed/article.txt").read_bytes().decode("utf-8")


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, 0, len(text))]


@pytest.fixture(scope="module")
def seed_doc() -> NormalizedText:
    return normalize(SEED)


class TestSeed:
    def test_paragraphs_are_lines(self, seed_doc: NormalizedText) -> None:
        paragraphs = segment(seed_doc)
        assert len(paragraphs) == 13
        texts = [seed_doc.text[p.start : p.end] for p in paragraphs]
        assert texts[1] == "Published On 27 Dec 2025"
        assert texts[-1].endswith("energy supplies to the North.")

    def test_caption_is_its_own_paragraph(self, seed_doc: NormalizedText) -> None:
        paragraphs = segment(seed_doc)
        captions = [p for p in paragraphs if p.is_caption]
        assert len(captions) == 1
        caption = captions[0]
        assert seed_doc.text[caption.start : caption.end].endswith("[File: KCNA via Reuters]")
        assert all(s.is_caption for s in caption.sentences)
        following = paragraphs[paragraphs.index(caption) + 1]
        assert not following.is_caption
        assert seed_doc.text[following.start :].startswith("North Korea officially confirmed")

    def test_sentence_split_inside_a_paragraph(self, seed_doc: NormalizedText) -> None:
        paragraph = next(
            p for p in segment(seed_doc) if "Intensified" in seed_doc.text[p.start : p.end]
        )
        sentences = [seed_doc.text[s.start : s.end] for s in paragraph.sentences]
        assert len(sentences) == 2
        assert sentences[0].endswith("the United States and South Korea.")
        assert sentences[1].startswith("Intensified testing of weapons")

    def test_offsets_are_text_offsets_and_map_to_raw(self, seed_doc: NormalizedText) -> None:
        for paragraph in segment(seed_doc):
            for sentence in paragraph.sentences:
                assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
                piece = seed_doc.text[sentence.start : sentence.end]
                assert piece == piece.strip() and piece
                raw = seed_doc.to_raw_span(sentence.start, sentence.end)
                assert seed_doc.restored(raw.start, raw.end).strip("\n") == piece


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Kim in the U.S. on Jan. 6. He left.",
            ["Mr. Smith met Gen. Kim in the U.S. on Jan. 6.", "He left."],
        ),
        (
            "Prices rose 3.5 percent. Then they fell.",
            ["Prices rose 3.5 percent.", "Then they fell."],
        ),
        (
            "John F. Kennedy was No. 1 in the polls. Dr. Lee agreed.",
            ["John F. Kennedy was No. 1 in the polls.", "Dr. Lee agreed."],
        ),
        ("He lived in the U.S. The war began.", ["He lived in the U.S.", "The war began."]),
        ("They met at St. Paul’s. It rained.", ["They met at St. Paul’s.", "It rained."]),
        (
            "He said “it failed.” Then she left.",
            ["He said “it failed.”", "Then she left."],
        ),
        (
            "They called it a ‘trick’. “Has it failed?” he asked. No.",
            ["They called it a ‘trick’.", "“Has it failed?” he asked.", "No."],
        ),
        (
            "It was “a precious asset”. North Korea agreed!",
            ["It was “a precious asset”.", "North Korea agreed!"],
        ),
        ("Ends without a stop", ["Ends without a stop"]),
    ],
)
def test_sentence_rules(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_glued_caption_from_another_site_is_split() -> None:
    doc = normalize("Smoke rises over Kyiv [Photo: AFP]Residents fled. Power was cut.\n")
    paragraphs = segment(doc)
    assert [p.is_caption for p in paragraphs] == [True, False]
    assert [doc.text[s.start : s.end] for s in paragraphs[1].sentences] == [
        "Residents fled.",
        "Power was cut.",
    ]


def test_values_are_frozen() -> None:
    paragraph = segment(NormalizedText.identity("One. Two."))[0]
    assert isinstance(paragraph, Paragraph) and isinstance(paragraph.sentences[0], Sentence)
    with pytest.raises(dataclasses.FrozenInstanceError):
        paragraph.start = 3  # type: ignore[misc]
