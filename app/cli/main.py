"""The ``faultline`` command: serve, migrate, seed, ingest, and the pipeline on its own."""

from __future__ import annotations

import importlib
import logging
import sys
from argparse import ArgumentParser
from collections.abc import Sequence

from app.config import get_settings

# One module per command group, in the order ``faultline --help`` lists their commands. Each
# defines ``register(subparsers)`` and sets ``handler=`` on its parsers; a handler is
# ``handler(settings, args) -> int``, the exit status.
COMMAND_GROUPS: tuple[str, ...] = (
    "app.cli.server",
    "app.cli.pipeline",
    "app.cli.synth",
    "app.cli.imports",
    "app.cli.backup",
    "app.cli.feeds",
)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="faultline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_GROUPS:
        importlib.import_module(module).register(sub)
    return parser


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
