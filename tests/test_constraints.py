"""The database itself refuses impossible events, whatever code writes them."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

SEED_EVENT = "evt_01KDF0SEED0000000000000000"


@pytest.mark.parametrize(
    ("change", "values"),
    [
        ("fatalities_low = 10, fatalities_best = 5", {}),
        ("fatalities_best = 10, fatalities_high = 5", {}),
        ("fatalities_low = -1", {}),
        ("date_start = '2025-12-30', date_end = '2025-12-01'", {}),
        ("date_end = NULL", {}),
        ("char_start = 50, char_end = 40", {}),
        ("char_start = -1", {}),
        ("type = 'picnic'", {}),
        ("certainty = 'maybe'", {}),
        ("actor_id = 'nobody-at-all'", {}),
        ("quote = 'not the same length as the span'", {}),
    ],
)
def test_impossible_update_is_refused(engine: Engine, change: str, values: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE event SET {change} WHERE id = :id"), {"id": SEED_EVENT, **values}
        )


def test_duplicate_content_hash_is_refused(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO source"
                " (id, content_sha256, raw_text, text, spun, created_at, updated_at)"
                " SELECT 'src_copy', content_sha256, raw_text, text, spun, created_at, updated_at"
                " FROM source"
            )
        )
