"""``faultline ingest``, ``normalize``, ``extract``, ``eval`` and ``reextract``: the pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.cli.common import iso_date, read_input, web_url
from app.config import Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def _article_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
        else:
            yield path


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from app.sources.schemas import SourceCreate
    from app.sources.service import ingest_source
    from app.store.db import make_engine
    from app.store.migrate import upgrade_to_head

    engine = make_engine(settings)
    upgrade_to_head(engine)
    failures = 0
    for path in _article_files(args.paths):
        try:
            text = "-" if str(path) == "-" else str(path)
            payload = SourceCreate(
                text=read_input(text),
                title=args.title,
                publisher=args.publisher,
                url=args.url,
                published_at=args.published_at,
            )
        except (OSError, UnicodeDecodeError, ValidationError) as exc:
            print(f"{path}: skipped: {exc}", file=sys.stderr)
            failures += 1
            continue
        result = ingest_source(engine=engine, payload=payload)
        state = "ingested" if result.created else "already stored"
        events = len(result.source["events"])
        print(f"{path}: {state} as {result.source['id']} with {events} events")
    return 1 if failures else 0


def cmd_normalize(_settings: Settings, args: argparse.Namespace) -> int:
    from app.pipeline.normalize import explain, normalize

    doc = normalize(read_input(args.file))
    if args.explain:
        print(json.dumps(explain(doc), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(doc.text)
        if not doc.text.endswith("\n"):
            sys.stdout.write("\n")
    return 0


def draft_to_json(draft: Any) -> dict[str, Any]:
    """An event draft in the API's event shape, without ids or timestamps."""
    from app.reference.taxonomy import EVENT_TYPES_BY_SLUG

    body = asdict(draft)
    kind = EVENT_TYPES_BY_SLUG[draft.type]
    body.update(plover=kind.plover, cameo=kind.cameo, goldstein=kind.goldstein, origin="extracted")
    body["notes"] = "; ".join(draft.notes) or None
    for key in ("date_start", "date_end"):
        body[key] = body[key].isoformat() if body[key] else None
    return body


def cmd_extract(_settings: Settings, args: argparse.Namespace) -> int:
    from app.pipeline.code_article import code_article

    coded = code_article(read_input(args.file), args.published_at)
    print(json.dumps([draft_to_json(d) for d in coded.events], ensure_ascii=False, indent=2))
    return 0


def cmd_eval(_settings: Settings, args: argparse.Namespace) -> int:
    """Score every evaluation set (or one folder), clean and spun articles apart."""
    from app.pipeline.code_article import code_article
    from app.pipeline.eval_sets import SETS, EvalSet, format_set, score_set
    from app.pipeline.normalize import normalize

    def read_date(raw: str) -> date | None:
        return code_article(raw).published_at

    if args.directory:
        folder = Path(args.directory).resolve()
        known = {s.directory.resolve(): s for s in SETS}
        sets = [known.get(folder) or EvalSet(folder.name, folder, False, args.read_dates, "")]
    else:
        sets = [s for s in SETS if not args.set or s.name in args.set]
    for i, eval_set in enumerate(sets):
        if not any(eval_set.directory.glob("*.expected.json")):
            print(f"== {eval_set.name}: no cases in {eval_set.directory}", file=sys.stderr)
            continue
        result = score_set(
            eval_set,
            lambda raw, published_at: code_article(raw, published_at).events,
            lambda raw: normalize(raw).text,
            read_date,
        )
        print(("\n" if i else "") + format_set(result, details=args.details))
    return 0


def cmd_reextract(settings: Settings, args: argparse.Namespace) -> int:
    from app.sources.service import reextract_source
    from app.store.db import make_engine

    engine = make_engine(settings)
    for source_id in args.source_ids:
        count = reextract_source(engine=engine, source_id=source_id)
        print(f"{source_id}: {count} extracted events")
    return 0


def register(subparsers: Any) -> None:
    ingest = subparsers.add_parser("ingest", help="ingest article files or folders of .txt files")
    ingest.add_argument("paths", nargs="+", help="files, folders, or - for standard input")
    ingest.add_argument("--published-at", type=iso_date, default=None)
    ingest.add_argument("--title", default=None)
    ingest.add_argument("--publisher", default=None)
    ingest.add_argument("--url", type=web_url, default=None, help="an http or https URL")
    norm = subparsers.add_parser(
        "normalize", help="print the normalized text of FILE (- for stdin)"
    )
    norm.add_argument("file")
    norm.add_argument("--explain", action="store_true", help="print each change as JSON")
    extract = subparsers.add_parser("extract", help="print the events coded from FILE as JSON")
    extract.add_argument("file")
    extract.add_argument("--published-at", type=iso_date, default=None)
    evaluate = subparsers.add_parser(
        "eval", help="score the pipeline on every evaluation set, clean and spun apart"
    )
    evaluate.add_argument("directory", nargs="?", default=None, help="score this folder only")
    evaluate.add_argument("--set", action="append", help="only this set (repeatable)")
    evaluate.add_argument(
        "--read-dates", action="store_true", help="with DIRECTORY: give the coder no date"
    )
    evaluate.add_argument(
        "--details", action="store_true", help="list misses per article (not for held-out sets)"
    )
    reextract = subparsers.add_parser("reextract", help="re-run extraction on stored sources")
    reextract.add_argument("source_ids", nargs="+")
    for name, handler in COMMANDS.items():
        subparsers.choices[name].set_defaults(handler=handler)


COMMANDS = {
    "ingest": cmd_ingest,
    "normalize": cmd_normalize,
    "extract": cmd_extract,
    "eval": cmd_eval,
    "reextract": cmd_reextract,
}
