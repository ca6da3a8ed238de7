"""Argument types and input reading shared by the command groups."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path


def read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def web_url(text: str) -> str:
    from app.sources.urls import web_url_problem

    problem = web_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem} ({text!r})")
    return text


@contextlib.contextmanager
def migration_log_silenced() -> Iterator[None]:
    """``--quiet``: Alembic's "Running upgrade ..." lines are progress too; warnings still show."""
    logger = logging.getLogger("alembic")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
