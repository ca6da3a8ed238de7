"""The columns of a UCDP GED CSV, whichever version of GED (or of the Candidate events) it is.

UCDP publishes GED once a year (``GEDEvent_v25_1.csv``: 49 columns, a header row, comma
separated, strings quoted) and the Candidate events monthly (``GEDEvent_v25_0_3.csv``) in the
same layout. The reader matches columns by name, never by position:

- **GED 17.1 to 25.1, Candidate**: ``id, relid, year, active_year, code_status,
  type_of_violence, conflict_dset_id, conflict_new_id, ..., side_a, ..., side_b, ...,
  source_article, ..., where_prec, ..., latitude, longitude, geom_wkt, priogrid_gid, country,
  country_id, region, event_clarity, date_prec, date_start, date_end, deaths_a, deaths_b,
  deaths_civilians, deaths_unknown, best, high, low, gwnoa, gwnob``.
- **Older GED (1.x, 2.0, 5.0)**: upper-case names, ``best_est``/``low_est``/``high_est``
  for the tolls, ``gwno`` for ``country_id``, ``gwno_a``/``gwno_b``; the shapefile exports cut
  names to DBF's 10 characters (``TYPE_OF_VI``, ``SOURCE_ART``, ``WHERE_COOR``).
- **Without a header row**: some Candidate releases (24.0.1) were published with none; a file
  whose first record has the 49 fields of today's layout and a numeric id is read with those
  names.

Names are matched case-insensitively, a BOM, quotes and surrounding spaces ignored. Cells that
spreadsheets write for "no value" (``NA``, ``NULL``, ``#N/A``) are empty (``acled_layout.cell``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.importers.files import ExportFileError

#: GED's 49 columns in file order (GED 23.1-25.1 and the Candidate events).
GED_COLUMNS: tuple[str, ...] = (
    *("id", "relid", "year", "active_year", "code_status", "type_of_violence"),
    *("conflict_dset_id", "conflict_new_id", "conflict_name"),
    *("dyad_dset_id", "dyad_new_id", "dyad_name"),
    *("side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b"),
    *("number_of_sources", "source_article", "source_office", "source_date"),
    *("source_headline", "source_original"),
    *("where_prec", "where_coordinates", "where_description", "adm_1", "adm_2"),
    *("latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region"),
    *("event_clarity", "date_prec", "date_start", "date_end"),
    *("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"),
    *("gwnoa", "gwnob"),
)

#: Columns a GED file of any version cannot lack; the others read as empty.
REQUIRED_COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "date_start", "best")

#: Names older versions (and DBF-truncated shapefile exports) used for today's columns.
ALIASES = {
    "best_est": "best",
    "low_est": "low",
    "high_est": "high",
    "gwno": "country_id",
    "gwno_a": "gwnoa",
    "gwno_b": "gwnob",
    "type_of_vi": "type_of_violence",
    "conflict_n": "conflict_name",
    "source_art": "source_article",
    "source_off": "source_office",
    "source_dat": "source_date",
    "source_hea": "source_headline",
    "source_ori": "source_original",
    "number_of_": "number_of_sources",
    "where_coor": "where_coordinates",
    "where_desc": "where_description",
    "event_clar": "event_clarity",
    "deaths_civ": "deaths_civilians",
    "deaths_unk": "deaths_unknown",
    "priogrid_g": "priogrid_gid",
    "lat": "latitude",
    "lon": "longitude",
    "long": "longitude",
}

_DELIMITERS = (",", ";", "\t")


def column_key(name: str) -> str:
    """``"\\ufeffID"`` -> ``id``; ``BEST_EST`` -> ``best``; ``TYPE_OF_VI`` -> its full name."""
    key = name.strip().lstrip("\ufeff").strip().strip('"').strip().casefold()
    key = re.sub(r"[\s.]+", "_", key)
    return ALIASES.get(key, key)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that splits the first line into the most fields named as GED's (a
    spreadsheet in many locales saves "CSV" with semicolons); commas for a headerless file."""
    known = set(GED_COLUMNS) | set(ALIASES)

    def found(delimiter: str) -> int:
        return sum(column_key(name) in known for name in first_line.split(delimiter))

    return max(_DELIMITERS, key=found)  # ties keep the first: the comma


def is_headerless(first: Sequence[str]) -> bool:
    """A first record that is data: GED's 49 fields, a numeric id, no column name in it."""
    return (
        len(first) == len(GED_COLUMNS)
        and first[0].strip().lstrip("\ufeff").strip('"').isdigit()
        and not any(column_key(value) in REQUIRED_COLUMNS for value in first)
    )


def column_index(header: Sequence[str]) -> dict[str, int]:
    """Canonical column name -> position; the first of two columns with one name wins."""
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        key = column_key(name)
        if key and key not in columns:
            columns[key] = i
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ExportFileError(
            f"not a UCDP GED CSV: no column {', '.join(missing)} (a GED or Candidate events "
            f"file has {', '.join(REQUIRED_COLUMNS)} among its {len(GED_COLUMNS)} columns)"
        )
    return columns
