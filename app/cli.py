"""The ``faultline`` command: serve, migrate, seed, ingest, and the pipeline on its own."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.config import Settings, get_settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _web_url(text: str) -> str:
    from app.sources.urls import web_url_problem

    problem = web_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem} ({text!r})")
    return text


def cmd_serve(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "server_header": False,
        # The app logs each request itself as JSON (with its id); uvicorn's line would repeat it.
        "access_log": not settings.json_logs,
    }
    if settings.workers > 1:
        # Worker processes import the app themselves and read the same environment; each
        # migrates on start under the write lock, so only the first one runs the DDL.
        uvicorn.run("app.main:create_app", factory=True, workers=settings.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from app.db import make_engine
    from app.migrate import current_revision, upgrade_to_head

    engine = make_engine(settings)
    upgrade_to_head(engine)
    print(f"database at revision {current_revision(engine)}")
    return 0


def cmd_seed(settings: Settings, _args: argparse.Namespace) -> int:
    from app.db import make_engine
    from app.migrate import upgrade_to_head
    from app.seed import load_seed

    engine = make_engine(settings)
    upgrade_to_head(engine)
    counts = load_seed(engine)
    print(json.dumps(counts))
    return 0


def _article_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
        else:
            yield path


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from app.db import make_engine
    from app.migrate import upgrade_to_head
    from app.sources.schemas import SourceCreate
    from app.sources.service import ingest_source

    engine = make_engine(settings)
    upgrade_to_head(engine)
    failures = 0
    for path in _article_files(args.paths):
        try:
            text = "-" if str(path) == "-" else str(path)
            payload = SourceCreate(
                text=_read_input(text),
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

    doc = normalize(_read_input(args.file))
    if args.explain:
        print(json.dumps(explain(doc), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(doc.text)
        if not doc.text.endswith("\n"):
            sys.stdout.write("\n")
    return 0


def draft_to_json(draft: Any) -> dict[str, Any]:
    """An event draft in the API's event shape, without ids or timestamps."""
    from app.taxonomy import EVENT_TYPES_BY_SLUG

    body = asdict(draft)
    kind = EVENT_TYPES_BY_SLUG[draft.type]
    body.update(plover=kind.plover, cameo=kind.cameo, goldstein=kind.goldstein, origin="extracted")
    body["notes"] = "; ".join(draft.notes) or None
    for key in ("date_start", "date_end"):
        body[key] = body[key].isoformat() if body[key] else None
    return body


def cmd_extract(_settings: Settings, args: argparse.Namespace) -> int:
    from app.pipeline.code_article import code_article

    coded = code_article(_read_input(args.file), args.published_at)
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
    from app.db import make_engine
    from app.sources.service import reextract_source

    engine = make_engine(settings)
    for source_id in args.source_ids:
        count = reextract_source(engine=engine, source_id=source_id)
        print(f"{source_id}: {count} extracted events")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faultline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve the API (migrates and seeds first)")
    sub.add_parser("migrate", help="migrate the database to the latest schema")
    sub.add_parser("seed", help="load the curated seed article and events (idempotent)")
    ingest = sub.add_parser("ingest", help="ingest article files or folders of .txt files")
    ingest.add_argument("paths", nargs="+", help="files, folders, or - for standard input")
    ingest.add_argument("--published-at", type=_date, default=None)
    ingest.add_argument("--title", default=None)
    ingest.add_argument("--publisher", default=None)
    ingest.add_argument("--url", type=_web_url, default=None, help="an http or https URL")
    norm = sub.add_parser("normalize", help="print the normalized text of FILE (- for stdin)")
    norm.add_argument("file")
    norm.add_argument("--explain", action="store_true", help="print each change as JSON")
    extract = sub.add_parser("extract", help="print the events coded from FILE as JSON")
    extract.add_argument("file")
    extract.add_argument("--published-at", type=_date, default=None)
    evaluate = sub.add_parser(
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
    reextract = sub.add_parser("reextract", help="re-run extraction on stored sources")
    reextract.add_argument("source_ids", nargs="+")
    for name, handler in COMMANDS.items():
        sub.choices[name].set_defaults(handler=handler)
    for module in EXTENSIONS:
        importlib.import_module(module).register(sub)
    return parser


# Modules that add their own subcommands: each defines ``register(subparsers)`` and sets
# ``handler=`` on its parsers (see ``cmd_*`` above for the handler signature).
EXTENSIONS: tuple[str, ...] = (
    "app.synth_cli",
    "app.importers.cli",
    "app.backup_cli",
    "app.feeds.cli",
)


COMMANDS = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "seed": cmd_seed,
    "ingest": cmd_ingest,
    "normalize": cmd_normalize,
    "extract": cmd_extract,
    "eval": cmd_eval,
    "reextract": cmd_reextract,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(message)s")
    access = logging.getLogger("faultline.access")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))  # pure JSON lines for log shippers
    access.addHandler(handler)
    access.propagate = False
    result: int = args.handler(settings, args)
    return result
