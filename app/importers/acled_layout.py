"""The columns of an ACLED export, whichever generation of it a file comes from.

ACLED's header has changed with each generation of its exports, and spreadsheets re-save them
their own way; the reader matches a column by its name, never by its position:

- **2015 files** (ACLED version 5/6): upper-case names, ``GWNO``, ``ALLY_ACTOR_1``/``_2`` for
  the associated actors, no ``SUB_EVENT_TYPE`` and the old event types (``Riots/Protests``,
  ``Battle-No change of territory``, ``Remote violence``).
- **2016-2018 API/export tool**: lower-case, ``data_id``, ``event_id_no_cnty``, ``iso``,
  ``assoc_actor_1``, still no ``sub_event_type`` before the 2019 methodology change.
- **2019-2022 export tool**: ``sub_event_type`` and the six current types; ``iso3`` added,
  dropped with ``data_id`` and ``event_id_no_cnty`` in March 2023.
- **2023+ API**: ``disorder_type``, ``civilian_targeting``, ``tags``; inter codes as words
  since 2024 ("State forces" for 1).

Names are matched case-insensitively, spaces and dots read as underscores, a BOM or quotes
around a name ignored, and known aliases of each era folded onto today's names. Cells that R,
pandas or Excel wrote for "no value" (``NA``, ``NULL``, ``nan``, ``#N/A``) are empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.importers.files import ExportFileError

#: Columns an ACLED export of any era cannot lack; the others read as empty.
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "actor1")

#: Names earlier generations used for a column of today's layout.
ALIASES = {
    "ally_actor_1": "assoc_actor_1",  # before 2016
    "ally_actor_2": "assoc_actor_2",
    "geo_precis": "geo_precision",  # version 5/6 files, cut to the 10 characters of DBF
    "time_preci": "time_precision",
    "lat": "latitude",  # re-saved by GIS tools
    "lon": "longitude",
    "long": "longitude",
}

#: What R (``NA``), SQL dumps (``NULL``), pandas (``nan``) and Excel (``#N/A``) write for none.
MISSING = frozenset({"na", "n/a", "null", "nan", "none", "#n/a", "<na>", "nat"})

_DELIMITERS = (",", ";", "\t", "|")


def column_key(name: str) -> str:
    """``"\\ufeffEVENT_ID_CNTY"`` -> ``event_id_cnty``; ``ALLY_ACTOR_1`` -> ``assoc_actor_1``."""
    key = name.strip().lstrip("\ufeff").strip().strip('"').strip().casefold()
    key = re.sub(r"[\s.]+", "_", key)
    return ALIASES.get(key, key)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most ACLED columns (Excel in many locales
    saves "CSV" with semicolons)."""

    def found(delimiter: str) -> int:
        keys = {column_key(name) for name in first_line.split(delimiter)}
        return sum(name in keys for name in REQUIRED_COLUMNS)

    return max(_DELIMITERS, key=found)  # ties keep the first: the comma


def column_index(header: Sequence[str]) -> dict[str, int]:
    """Canonical column name -> position; the first of two columns with one name wins.

    An unnamed first column (R's and pandas' row numbers) is simply not an ACLED column.
    """
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        key = column_key(name)
        if key and key not in columns:
            columns[key] = i
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ExportFileError(f"not an ACLED export: no column {', '.join(missing)}")
    return columns


def cell(value: str) -> str:
    """A cell stripped, with the "no value" markers of R, pandas, SQL and Excel as ``""``."""
    value = value.strip()
    return "" if value.casefold() in MISSING else value


def whole_number(value: str) -> int | None:
    """``"3"``, ``"3.0"`` (pandas writes floats when a column has gaps), ``"1,234"`` -> int."""
    text = value.replace(",", "").replace("\u00a0", "").strip()
    if re.fullmatch(r"\d+(?:\.0*)?", text):
        return int(text.split(".", 1)[0])
    return None


def code(value: str) -> str:
    """A small code as text: ``"1.0"`` -> ``"1"``, words kept (``"State forces"``)."""
    number = whole_number(value)
    return str(number) if number is not None else value.strip()
