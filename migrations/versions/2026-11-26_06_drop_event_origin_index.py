"""drop the event origin index

``ix_event_origin`` indexed a column of three values (``curated``, ``extracted``,
``imported``), and no query reads it through the index: the API has no
``origin`` filter, and the two lookups by origin (re-extraction and re-seeding a source) pair it
with ``source_id``, which ``ix_event_source_id`` serves. One index less to keep up on every write
and to build on a bulk load (0.5 s per million events, docs/benchmarks.md).

Plain ``DROP INDEX`` / ``CREATE INDEX``, no batch mode: on SQLite a batch ``ALTER`` recreating
``event`` would drop the triggers of the ``rollups`` and ``search`` migrations.

Revision ID: 3f0c2a91d6e4
Revises: 87564e8dbed9
Create Date: 2026-11-26 20:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f0c2a91d6e4"
down_revision: str | None = "87564e8dbed9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_event_origin", table_name="event")


def downgrade() -> None:
    op.create_index("ix_event_origin", "event", ["origin"], unique=False)
