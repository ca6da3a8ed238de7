"""The committed event word classes are what ``tools/build_event_lexicon.py`` derives from
WordNet, and they reach the rules (``app/pipeline/extract/lexicon.py``)."""

from __future__ import annotations

import json
import os
from importlib import resources

import pytest

from app.pipeline.extract import lexicon
from tools import wordnet_db


def _committed() -> dict[str, object]:
    text = resources.files("app.data").joinpath("lexicon/event_words.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_committed_file_is_what_the_tool_builds() -> None:
    try:
        wordnet_db.wordnet_dir()
    except FileNotFoundError as exc:  # CI installs wordnet-base (.ci/run): there it must run
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    from tools.build_event_lexicon import build

    assert build() == _committed(), "run: python -m tools.build_event_lexicon"


def test_classes_hold_wordnet_words_beyond_the_hand_lists() -> None:
    # Hyponyms a hand list never named: WordNet's "howitzer" is a weapon, "paratrooper" a force.
    assert "howitzers" in lexicon.forms("WEAPON")
    assert "paratroopers" in lexicon.forms("FORCE")
    assert {"withdrew", "withdrawn", "pulled out"} <= set(lexicon.forms("WITHDRAW_V", "past"))
    assert "withdraw" not in lexicon.forms("WITHDRAW_V", "past")


def test_licence_ships_beside_the_data() -> None:
    licence = resources.files("app.data").joinpath("lexicon/WORDNET-LICENSE").read_text("utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licence
