"""Text search in SQL, compiled per dialect: trigram candidates, substring checks, index hints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles


def search_match(words: Sequence[str]) -> str | None:
    """The FTS5 query of every trigram of every 3+ character word, or None if there are none.

    Trigrams need three characters; shorter words are left to the ``LIKE`` conditions alone.
    """
    grams = {w[i : i + 3] for w in words if len(w) >= 3 for i in range(len(w) - 2)}
    if not grams:
        return None
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))


class search_candidates(sa.sql.functions.FunctionElement[Any]):
    """``event.rowid IN`` the trigram index's matches on SQLite; always true elsewhere.

    A superset of the ``LIKE`` matches (FTS5 folds case at least as widely as ``lower()``),
    so the ``LIKE`` conditions beside it keep the answer exact; the index only narrows the
    rows they are checked on (migration ``search_and_span_bound``). On PostgreSQL the pg_trgm
    GIN index serves the ``ILIKE`` itself (``text_contains``).

    Deliberately not ``Boolean``-typed: SQLAlchemy renders a Boolean expression in a WHERE on
    SQLite as ``(...) = 1``, which hides the ``rowid IN`` from the planner (the count then
    scanned the whole table: 0.35 s at 1M rows instead of 5 ms).
    """

    name = "search_candidates"
    inherit_cache = True


class no_index(sa.sql.functions.FunctionElement[Any]):
    """``+column`` on SQLite (a no-op that stops the planner serving it from an index).

    A search page must be driven by the trigram matches (a few thousand rowids, sorted in
    memory), not by walking the date index and testing every row against the match list,
    which reads most of the table when matches are rare. Plain ``column`` elsewhere.
    """

    name = "no_index"
    inherit_cache = True


@compiles(no_index, "sqlite")
def _no_index_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(no_index)
def _no_index_other(element: Any, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


class text_contains(sa.sql.functions.FunctionElement[Any]):
    """An event's summary, quote or restored quote holds ``pattern`` (ILIKE, escape ``\\``).

    Called as ``text_contains(summary, quote, quote_restored, pattern)`` and written for each
    dialect's fastest exact form:

    - SQLite: ``LIKE`` on each column. SQLAlchemy spells ILIKE there as ``lower(column) LIKE
      lower(pattern)``; SQLite's ``LIKE`` already ignores ASCII case and ``lower()`` folds
      nothing more without ICU, so the ``lower()`` calls only copied every candidate's text
      (the recheck of a search's trigram candidates, most of Q7's time).
    - PostgreSQL: ``ILIKE`` on the search body, the three texts joined by newlines with the
      restored quote left out where it equals the quote (``SEARCH_BODY_PG``): the expression
      of the one pg_trgm GIN index (migration ``one_search_index_on_postgres``). A query word
      holds no whitespace, so it matches the body exactly when it matches one of the columns.
    """

    name = "text_contains"
    inherit_cache = True


# Must stay the index's expression (migration ``one_search_index_on_postgres``) token for token,
# with the columns as the query names them, or PostgreSQL no longer matches the index.
SEARCH_BODY_PG = "({s} || E'\\n' || {q} || CASE WHEN {r} = {q} THEN '' ELSE E'\\n' || {r} END)"


@compiles(text_contains, "sqlite")
def _text_contains_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    summary, quote, restored, pattern = element.clauses
    # The pattern is processed once per use: a positional (qmark) bind is bound per ``?``.
    likes = [
        f"{compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '\\'"
        for column in (summary, restored, quote)
    ]
    return f"({' OR '.join(likes)})"


@compiles(text_contains)
def _text_contains_other(element: Any, compiler: Any, **kw: Any) -> str:
    summary, quote, restored, pattern = (compiler.process(c, **kw) for c in element.clauses)
    body = SEARCH_BODY_PG.format(s=summary, q=quote, r=restored)
    return f"{body} ILIKE {pattern} ESCAPE '\\'"


@compiles(search_candidates, "sqlite")
def _search_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    match = compiler.process(element.clauses, **kw)
    return f"event.rowid IN (SELECT rowid FROM event_search WHERE event_search MATCH {match})"


@compiles(search_candidates)
def _search_other(element: Any, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} IS NOT NULL)"
