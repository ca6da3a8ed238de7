"""The layout check (``python -m app.tools.layout``) passes on the code base as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.tools import layout


def test_every_module_has_a_layer() -> None:
    for module in layout.modules():
        assert module.layer in layout.ALLOWED, module.name


def test_layout_has_no_problems() -> None:
    assert layout.check() == []


def test_main_prints_each_module_with_its_layer(capsys: pytest.CaptureFixture[str]) -> None:
    status = layout.main([])
    out = capsys.readouterr().out
    assert "domain     app.events.service" in out
    assert "pipeline   app.pipeline.types" in out
    assert status == 0


def test_an_import_against_the_rule_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "app"
    (root / "pipeline").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "pipeline" / "__init__.py").write_text("")
    (root / "pipeline" / "bad.py").write_text("from app.store.db import make_engine\n")
    problems = layout.check(root)
    assert problems == ["app/pipeline/bad.py:1: pipeline imports store (app.store.db)"]


def test_long_modules_and_repeated_blocks_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    (root / "__init__.py").write_text("")
    block = "".join(f"x{i} = {i}\n" for i in range(layout.MIN_REPEAT))
    (root / "one.py").write_text(block)
    filler = "".join(f"y{i} = {i}\n" for i in range(layout.MAX_LINES))
    (root / "two.py").write_text(block + filler)
    problems = layout.check(root)
    assert problems == [
        f"app/two.py: {layout.MAX_LINES + layout.MIN_REPEAT} lines (at most {layout.MAX_LINES})",
        f"app/two.py:1: {layout.MIN_REPEAT}+ lines repeated from app/one.py:1",
    ]
