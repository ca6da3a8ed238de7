"""Opening export files (plain or zipped) as text, streamed, with a position for progress."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from app.importers.records import BadRow


class ExportFileError(Exception):
    """The file cannot be read as an export at all (missing, empty zip, wrong header)."""


@dataclass
class ExportFile:
    """A text stream over the export plus its size in bytes and a read position for progress.

    ``newline=""`` keeps line endings as they are, so a row's text is what the file holds.
    Bytes that are not UTF-8 are read as Windows-1252, the encoding Excel saves "CSV" in on
    Windows (``Bogot\xe1`` is "Bogotá"), so such a file needs no conversion first; a UTF-8
    file is read as UTF-8 throughout. A file that starts with a UTF-16 byte order mark (Excel's
    "Unicode Text") is read as UTF-16.
    """

    text: IO[str]
    size: int
    position: Callable[[], int]


@contextmanager
def open_export(path: Path, *, encoding: str = "utf-8") -> Iterator[ExportFile]:
    """Open ``path``; a ``.zip`` (GDELT ships ``*.export.CSV.zip``) is read from its one member."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    found = len(members)
                    raise ExportFileError(f"{path}: expected one file in the zip, found {found}")
                with archive.open(members[0]) as raw:
                    yield _wrap(raw, members[0].file_size, encoding)
            return
        with path.open("rb") as raw_file:
            yield _wrap(raw_file, path.stat().st_size, encoding)
    except OSError as exc:
        raise ExportFileError(f"{path}: {exc.strerror or exc}") from exc
    except zipfile.BadZipFile as exc:
        raise ExportFileError(f"{path}: {exc}") from exc


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as Windows-1252 (its five holes as Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    text = "".join(bytes([b]).decode("cp1252") if b not in _CP1252_HOLES else chr(b) for b in chunk)
    return text, error.end


_CP1252_HOLES = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
codecs.register_error("faultline-cp1252", _windows_1252)


def _wrap(raw: IO[bytes], size: int, encoding: str) -> ExportFile:
    peek = getattr(raw, "peek", None)
    head = peek(2)[:2] if peek is not None else b""
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Excel's "Unicode Text" (UTF-16, tab-separated): the BOM says so.
        text = io.TextIOWrapper(raw, encoding="utf-16", errors="replace", newline="")
        return ExportFile(text=text, size=size, position=raw.tell)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="faultline-cp1252", newline="")
    return ExportFile(text=text, size=size, position=raw.tell)


class LineTap:
    """Hands lines to :func:`csv.reader` and keeps those it consumed for the current record.

    ``csv.reader`` pulls one physical line at a time and only as many as the record needs (a
    quoted field may span lines), so after each record :meth:`take` returns its exact text.
    """

    def __init__(self, lines: IO[str]) -> None:
        self._lines = lines
        self._taken: list[str] = []
        self.line_number = 0

    def __iter__(self) -> LineTap:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.line_number += 1
        self._taken.append(line)
        return line

    def take(self) -> str:
        """The text of the record just read, without its final line break."""
        text = "".join(self._taken)
        self._taken.clear()
        if text.endswith("\r\n"):
            return text[:-2]
        return text[:-1] if text.endswith(("\n", "\r")) else text


def csv_records(
    reader: Iterator[list[str]], tap: LineTap
) -> Iterator[tuple[int, list[str], str] | BadRow]:
    """Each CSV record of ``reader`` (fed by ``tap``) as ``(line, row, raw text)``, or a
    :class:`BadRow` for a record the csv module cannot read (its raw text is skipped)."""
    while True:
        line = tap.line_number + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            tap.take()
            yield BadRow(line, f"unreadable CSV: {exc}")
            continue
        yield line, row, tap.take()


def csv_field_spans(record: str, delimiter: str = ",") -> list[tuple[int, int]] | None:
    """The ``[start, end)`` of each field's content in one RFC 4180 record, quotes excluded.

    A quoted field's span still holds its doubled quotes (``""``): it is the exact text in the
    file. Returns None for a record that strays from RFC 4180 (text after a closing quote), so
    the caller can fall back to quoting the whole record.
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            start = j = i + 1
            while True:
                k = record.find('"', j)
                if k == -1:
                    return None
                if k + 1 < n and record[k + 1] == '"':
                    j = k + 2
                    continue
                break
            spans.append((start, k))
            i = k + 1
        else:
            k = record.find(delimiter, i)
            end = n if k == -1 else k
            spans.append((i, end))
            i = end
        if i >= n:
            return spans
        if record[i] != delimiter:
            return None
        i += 1
        if i == n:
            spans.append((n, n))
            return spans


def field_span(
    row: Sequence[str],
    raw: str,
    index: int | None,
    delimiter: str,
    clean: Callable[[str], str] = str.strip,
) -> tuple[int, int, str]:
    """Offsets of field ``index`` inside the record ``raw``, and the field as read; the whole
    record (and its text) when the field is empty, missing or cannot be located exactly."""
    if index is not None and index < len(row) and clean(row[index]):
        spans = csv_field_spans(raw, delimiter)
        if spans is not None and len(spans) == len(row):
            start, end = spans[index]
            if raw[start:end].replace('""', '"') == row[index] and start < end:
                return start, end, row[index]
    return 0, len(raw), raw
