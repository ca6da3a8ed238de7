"""location place key and coordinate decimals: imported places resolved by coordinates

An imported place was keyed by its name, admin1 and country, so two villages of one name in
one province were stored as one, at the first one's coordinates (issue 13). Now the name is
the place's key (``place_key``), shared by every place of that name, and a row's place is the
one of its key whose coordinates agree with the row's within the precision the source wrote
them in (``coordinate_decimals``); see ``app.importers.places``.

Existing rows keep their ids and get no key: a place whose id is a key counts as that key's
first place, so the databases imported before need no backfill, and re-importing a file moves
each wrongly merged event to a place of its own (counted as ``updated``).

Revision ID: 5b7e1d2c9f40
Revises: 9d41c7e2b8a3
Create Date: 2026-12-04 20:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "5b7e1d2c9f40"
down_revision: str | None = "9d41c7e2b8a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ADD/DROP COLUMN, which SQLite (3.35+) does in place: a batch migration would rebuild
# the table, and the rollup triggers on ``event`` that read ``location`` refuse that.


def upgrade() -> None:
    op.add_column(
        "location",
        sa.Column("place_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    )
    op.add_column("location", sa.Column("coordinate_decimals", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_location_place_key"), "location", ["place_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_location_place_key"), table_name="location")
    op.drop_column("location", "coordinate_decimals")
    op.drop_column("location", "place_key")
