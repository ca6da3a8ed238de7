"""The WordNet spinner (``tools/spin.py``): exact offset maps, untouched names, determinism."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from app.pipeline.evaluate import load_cases
from tools import wordnet_db
from tools.spin import Edit, OffsetMap, _unique, apply, spin, spin_case

try:
    wordnet_db.wordnet_dir()
except FileNotFoundError as exc:  # CI installs wordnet-base (.ci/run): there it must not skip
    if os.environ.get("CI"):
        raise
    pytest.skip(str(exc), allow_module_level=True)

DATE_LINE = "Published On 9 Oct 2025"
DEBRIS = "Share this article\nFacebook\nWhatsApp\n"
TEXT = (
    "Rebels attack army base in central Mali\n"
    f"{DATE_LINE}\n"
    "Gunmen stormed a military base in Boulkessi on Tuesday and fought government troops for "
    "several hours, killing at least 30 soldiers, officials said. He said the attackers had "
    "fled into the forest.\n"
    f"{DEBRIS}"
    "The army flew about 200 fighters and two attack helicopters to Sevare on Wednesday. "
    "President Assimi Goita met the leaders of Burkina Faso and Niger in Niamey, where they "
    "agreed to create a joint force. The force is expected to be operational by early next "
    "year. A spokesman did not respond to a request for comment. The army flew again.\n"
)
NAMES = ("Boulkessi", "Sevare", "Assimi", "Goita", "Burkina", "Faso", "Niger", "Niamey", "Mali")


def test_spin_is_deterministic_and_changes_words() -> None:
    first, edits = spin(TEXT, seed="a")
    again, _ = spin(TEXT, seed="a")
    other, _ = spin(TEXT, seed="b")
    assert first == again
    assert first != other
    assert 15 <= len(edits) <= 60


def test_edits_replace_whole_words_and_keep_names() -> None:
    spun, edits = spin(TEXT, seed="a")
    assert spun == apply(TEXT, edits)
    for edit in edits:
        old = TEXT[edit.start : edit.end]
        assert re.fullmatch(r"[A-Za-z]{2,}", old)
        assert old[0].isupper() == edit.new[0].isupper()
        assert old not in NAMES
    for name in NAMES:
        assert spun.count(name) == TEXT.count(name)


def test_offset_map_is_exact_for_every_word_span() -> None:
    spun, edits = spin(TEXT, seed="a")
    offsets = OffsetMap(edits)
    bounds = [m.span() for m in re.finditer(r"\S+", TEXT)]
    for i in range(0, len(bounds), 3):
        for j in range(i, min(i + 12, len(bounds))):
            start, end = bounds[i][0], bounds[j][1]
            inside = [
                Edit(e.start - start, e.end - start, e.new)
                for e in edits
                if start <= e.start and e.end <= end
            ]
            assert spun[slice(*offsets.span(start, end))] == apply(TEXT[start:end], inside)


def test_offset_map_widens_a_span_that_cuts_an_edit() -> None:
    offsets = OffsetMap([Edit(4, 9, "abc")])  # "the helium said" style: one word replaced
    assert offsets.span(0, 3) == (0, 3)
    assert offsets.span(5, 7) == (4, 7)
    assert offsets.span(10, 14) == (8, 12)


def test_a_repeated_mapped_span_is_widened_by_words() -> None:
    spun = "the force said so. the force said no."
    assert spun[slice(*_unique(spun, 4, 9))] == "the force said so."
    assert spun[slice(*_unique(spun, 23, 28))] == "the force said no."


def _write_case(folder: Path) -> Path:
    (folder / "mali_attack.txt").write_text(TEXT, encoding="utf-8")
    case = {
        "label": "mali_attack",
        "file": "mali_attack.txt",
        "spun": False,
        "published_at": "2025-10-09",
        "date_line": DATE_LINE,
        "events": [
            {
                "type": "attack",
                "actor": None,
                "target": "MLI",
                "date_start": "2025-10-07",
                "date_end": "2025-10-07",
                "date_precision": "day",
                "fatalities_low": 30,
                "fatalities_best": 30,
                "fatalities_high": None,
                "certainty": "reported",
                "evidence": "stormed a military base in Boulkessi on Tuesday",
            },
            {
                "type": "troop_deployment",
                "actor": "MLI",
                "target": None,
                "date_start": "2025-10-08",
                "date_end": "2025-10-08",
                "date_precision": "day",
                "fatalities_low": None,
                "fatalities_best": None,
                "fatalities_high": None,
                "certainty": "reported",
                "evidence": "The army flew about",
            },
        ],
        "not_events": ["The force is expected to be operational"],
        "debris": [DEBRIS],
    }
    path = folder / "mali_attack.expected.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return path


def test_spun_case_maps_evidence_and_loads(tmp_path: Path) -> None:
    written = spin_case(_write_case(tmp_path), seed=3)
    assert [p.name for p in written] == [
        "mali_attack__spun.txt",
        "mali_attack__spun.original.txt",
        "mali_attack__spun.expected.json",
    ]
    spun = (tmp_path / "mali_attack__spun.txt").read_text(encoding="utf-8")
    assert (tmp_path / "mali_attack__spun.original.txt").read_text(encoding="utf-8") == TEXT
    assert DEBRIS in spun and DATE_LINE in spun
    data = json.loads(written[2].read_text(encoding="utf-8"))
    assert (data["label"], data["spun"], data["debris"]) == ("mali_attack__spun", True, [DEBRIS])
    for piece in [e["evidence"] for e in data["events"]] + data["not_events"]:
        assert spun.count(piece) == 1
    cases = {c.label: c for c in load_cases(tmp_path)}
    assert cases["mali_attack__spun"].original_text == TEXT
    assert cases["mali_attack__spun"].spun
