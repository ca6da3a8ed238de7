"""one search index on PostgreSQL, over the same body SQLite's trigram index holds

PostgreSQL searched with three pg_trgm GIN indexes, one per column (``summary``, ``quote``,
``quote_restored``), and a ``BitmapOr`` of the three per word. Now one GIN index holds the
expression SQLite's ``event_search`` already indexes: the summary, the quote, and the restored
quote only where it differs, separated by newlines. A query word never holds whitespace, so
``body ILIKE '%word%'`` matches exactly when one of the three columns does. Where a quote was
not restored (most events) its trigrams were indexed twice. A bulk load of 1M synthetic events
spent 71.7 s building indexes with the three (418 MB of them) and 41.4 s with the one (158 MB;
docs/benchmarks.md, round 6).

The expression must stay byte-for-byte what ``app.events.service`` writes in its queries, or
the planner no longer matches the index. SQLite: nothing changes.

Revision ID: 9d41c7e2b8a3
Revises: 3f0c2a91d6e4
Create Date: 2026-11-26 23:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9d41c7e2b8a3"
down_revision: str | None = "3f0c2a91d6e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BODY = (
    "(summary || E'\\n' || quote || CASE WHEN quote_restored = quote THEN '' "
    "ELSE E'\\n' || quote_restored END)"
)
COLUMN_INDEXES = {
    "ix_event_summary_trgm": "summary",
    "ix_event_quote_trgm": "quote",
    "ix_event_quote_restored_trgm": "quote_restored",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_event_search_trgm ON event USING gin ({BODY} gin_trgm_ops)")
    for name in COLUMN_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    # Statistics of the new expression, for the planner's estimate of a search's matches.
    op.execute("ANALYZE event")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, column in COLUMN_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON event USING gin ({column} gin_trgm_ops)")
    op.execute("DROP INDEX IF EXISTS ix_event_search_trgm")
