"""What a format reader yields for each row, and what an import reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

from app.pipeline.types import EventDraft

#: The bad rows kept with their reasons; past this only the count grows.
MAX_BAD_ROWS_KEPT = 1000


@dataclass(frozen=True)
class ImportRecord:
    """One dataset row mapped to an event, with the source that holds its exact words.

    ``raw_text`` is the row as it stands in the file; ``draft.quote`` is
    ``raw_text[draft.char_start:draft.char_end]``. ``draft.location.id`` is the place's name
    key until the store resolves it by coordinates, given to ``coordinate_decimals`` decimals
    (``app.importers.places``).
    """

    line: int
    external_id: str
    raw_text: str
    title: str
    publisher: str
    url: str | None
    published_at: date | None
    draft: EventDraft
    coordinate_decimals: int | None = None


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A well-formed row whose event code has no type in our taxonomy (``key`` names the code)."""

    line: int
    key: str


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be read (column count, date, coordinates ...), by line number."""

    line: int
    reason: str


Parsed: TypeAlias = ImportRecord | Unmapped | BadRow


@dataclass
class ImportReport:
    """Counts of one import: every data row lands in exactly one of the six counts.

    ``kept``: rows whose stored event a curator has corrected (``PATCH``): the import leaves
    it as the curator made it, whatever the row now says.
    """

    file: str
    format: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    kept: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)
    bad: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    def add_bad(self, row: BadRow) -> None:
        self.bad += 1
        if len(self.bad_rows) < MAX_BAD_ROWS_KEPT:
            self.bad_rows.append(row)

    def to_json(self, *, max_bad_rows: int = 100) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "skipped": self.skipped,
            "kept": self.kept,
            "unmapped": self.unmapped.total(),
            "bad": self.bad,
            "unmapped_codes": dict(self.unmapped.most_common()),
            "bad_rows": [
                {"line": bad.line, "reason": bad.reason} for bad in self.bad_rows[:max_bad_rows]
            ],
        }

    def line(self) -> str:
        return (
            f"{self.rows:,} rows: {self.inserted:,} inserted, {self.updated:,} updated, "
            f"{self.skipped:,} already stored, {self.kept:,} kept as curated, "
            f"{self.unmapped.total():,} unmapped, {self.bad:,} bad"
        )
