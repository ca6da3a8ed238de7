"""drop redundant event index

``ix_event_type_date_start`` (type, date_start) is a prefix of ``ix_event_type_date_start_id``
(type, date_start, id), which serves every lookup and sort the shorter one did (same query
plans on the benchmark mix, docs/benchmarks.md). One index less to build on a bulk load and to
keep up on every write.

Plain ``DROP INDEX`` / ``CREATE INDEX``, no batch mode: on SQLite a batch ``ALTER`` recreating
``event`` would drop the triggers of the ``rollups`` and ``search`` migrations.

Revision ID: 87564e8dbed9
Revises: 5c1f0e9a7b24
Create Date: 2026-11-26 17:56:36.684367
"""

from collections.abc import Sequence

from alembic import op

revision: str = "87564e8dbed9"
down_revision: str | None = "5c1f0e9a7b24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_event_type_date_start", table_name="event")


def downgrade() -> None:
    op.create_index("ix_event_type_date_start", "event", ["type", "date_start"], unique=False)
