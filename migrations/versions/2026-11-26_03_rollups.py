"""rollups: event_country, rollup_month, rollup_day, kept exact by triggers

The triggers are the only writers of these tables: ingest, the seed loader, reextract, cascades
from a deleted source and raw SQL all go through them. Their SQL is frozen here on purpose (a
migration must not change when app code does); ``app.corpus.synth`` suspends them for a bulk load and
rebuilds the same rows set-wise in the same transaction.

Caution for later migrations: on SQLite a batch ``ALTER`` that recreates ``event``, ``actor``
or ``location`` drops their triggers; such a migration must create them again (call
``create_triggers`` from this module's SQL).

Revision ID: 478d5dad63f2
Revises: eb200c29c242
Create Date: 2026-11-26 15:39:08.985144
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "478d5dad63f2"
down_revision: str | None = "eb200c29c242"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ROLLUP_TABLES = ("event_country", "rollup_month", "rollup_day")


def _sqlite_add(ref: str) -> str:
    """Statements adding event ``ref`` (NEW) to the derived tables, in SQLite's dialect."""
    low = f"coalesce({ref}.fatalities_low, 0)"
    best = f"coalesce({ref}.fatalities_best, {ref}.fatalities_low, 0)"
    month = (
        f"CASE WHEN {ref}.date_start IS NULL THEN '0001-01-01' "
        f"ELSE substr({ref}.date_start, 1, 8) || '01' END"
    )
    scopes = f"(SELECT '*' AS scope UNION ALL SELECT country FROM event_country WHERE event_id = {ref}.id)"
    return f"""
    INSERT INTO event_country (country, dated, day, event_id)
    SELECT c, {ref}.date_start IS NOT NULL, coalesce({ref}.date_start, '0001-01-01'), {ref}.id
    FROM (SELECT country AS c FROM actor WHERE id = {ref}.actor_id
          UNION SELECT country FROM actor WHERE id = {ref}.target_id
          UNION SELECT country FROM location WHERE id = {ref}.location_id)
    WHERE c IS NOT NULL;
    INSERT INTO rollup_month (scope, type, month, events, fatalities_low, fatalities_best)
    SELECT scope, {ref}.type, {month}, 1, {low}, {best} FROM {scopes} WHERE true
    ON CONFLICT (scope, type, month) DO UPDATE SET
      events = rollup_month.events + 1,
      fatalities_low = rollup_month.fatalities_low + excluded.fatalities_low,
      fatalities_best = rollup_month.fatalities_best + excluded.fatalities_best;
    INSERT INTO rollup_day (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
    SELECT scope, {ref}.date_start <> {ref}.date_end, {ref}.date_start, {ref}.type, {ref}.date_end,
           1, {low}, {best}
    FROM {scopes} WHERE {ref}.date_start IS NOT NULL
    ON CONFLICT (scope, span, day_start, type, day_end) DO UPDATE SET
      events = rollup_day.events + 1,
      fatalities_low = rollup_day.fatalities_low + excluded.fatalities_low,
      fatalities_best = rollup_day.fatalities_best + excluded.fatalities_best;"""


def _sqlite_remove(ref: str) -> str:
    """Statements taking event ``ref`` (OLD) out of the derived tables, in SQLite's dialect."""
    low = f"coalesce({ref}.fatalities_low, 0)"
    best = f"coalesce({ref}.fatalities_best, {ref}.fatalities_low, 0)"
    month = (
        f"CASE WHEN {ref}.date_start IS NULL THEN '0001-01-01' "
        f"ELSE substr({ref}.date_start, 1, 8) || '01' END"
    )
    scopes = f"(SELECT '*' UNION ALL SELECT country FROM event_country WHERE event_id = {ref}.id)"
    month_key = f"scope IN {scopes} AND type = {ref}.type AND month = {month}"
    day_key = (
        f"{ref}.date_start IS NOT NULL AND scope IN {scopes} "
        f"AND span = ({ref}.date_start <> {ref}.date_end) AND day_start = {ref}.date_start "
        f"AND type = {ref}.type AND day_end = {ref}.date_end"
    )
    return f"""
    UPDATE rollup_month SET events = events - 1, fatalities_low = fatalities_low - {low},
      fatalities_best = fatalities_best - {best} WHERE {month_key};
    DELETE FROM rollup_month WHERE events = 0 AND {month_key};
    UPDATE rollup_day SET events = events - 1, fatalities_low = fatalities_low - {low},
      fatalities_best = fatalities_best - {best} WHERE {day_key};
    DELETE FROM rollup_day WHERE events = 0 AND {day_key};
    DELETE FROM event_country WHERE event_id = {ref}.id;"""


EVENT_COLUMNS = (
    "id, type, date_start, date_end, actor_id, target_id, location_id, "
    "fatalities_low, fatalities_best"
)

SQLITE_TRIGGERS = (
    f"CREATE TRIGGER event_rollup_insert AFTER INSERT ON event BEGIN {_sqlite_add('NEW')}\nEND",
    f"CREATE TRIGGER event_rollup_delete AFTER DELETE ON event BEGIN {_sqlite_remove('OLD')}\nEND",
    f"CREATE TRIGGER event_rollup_update AFTER UPDATE OF {EVENT_COLUMNS} ON event BEGIN "
    f"{_sqlite_remove('OLD')}{_sqlite_add('NEW')}\nEND",
    # A changed country moves the actor's or place's events between scopes: touching the
    # reference re-runs event_rollup_update, which reads the old scopes from event_country.
    "CREATE TRIGGER actor_country_rollup AFTER UPDATE OF country ON actor "
    "WHEN OLD.country IS NOT NEW.country BEGIN "
    "UPDATE event SET actor_id = actor_id WHERE actor_id = NEW.id OR target_id = NEW.id; END",
    "CREATE TRIGGER location_country_rollup AFTER UPDATE OF country ON location "
    "WHEN OLD.country IS NOT NEW.country BEGIN "
    "UPDATE event SET location_id = location_id WHERE location_id = NEW.id; END",
)
SQLITE_TRIGGER_NAMES = (
    "event_rollup_insert",
    "event_rollup_delete",
    "event_rollup_update",
    "actor_country_rollup",
    "location_country_rollup",
)


def _pg_add(ref: str) -> str:
    low = f"coalesce({ref}.fatalities_low, 0)"
    best = f"coalesce({ref}.fatalities_best, {ref}.fatalities_low, 0)"
    month = f"coalesce(date_trunc('month', {ref}.date_start)::date, DATE '0001-01-01')"
    scopes = f"(SELECT '*' AS scope UNION ALL SELECT country FROM event_country WHERE event_id = {ref}.id) AS s"
    return f"""
    INSERT INTO event_country (country, dated, day, event_id)
    SELECT c, {ref}.date_start IS NOT NULL, coalesce({ref}.date_start, DATE '0001-01-01'), {ref}.id
    FROM (SELECT country AS c FROM actor WHERE id = {ref}.actor_id
          UNION SELECT country FROM actor WHERE id = {ref}.target_id
          UNION SELECT country FROM location WHERE id = {ref}.location_id) AS countries
    WHERE c IS NOT NULL;
    INSERT INTO rollup_month AS r (scope, type, month, events, fatalities_low, fatalities_best)
    SELECT s.scope, {ref}.type, {month}, 1, {low}, {best} FROM {scopes}
    ON CONFLICT (scope, type, month) DO UPDATE SET
      events = r.events + 1,
      fatalities_low = r.fatalities_low + excluded.fatalities_low,
      fatalities_best = r.fatalities_best + excluded.fatalities_best;
    IF {ref}.date_start IS NOT NULL THEN
      INSERT INTO rollup_day AS r (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
      SELECT s.scope, {ref}.date_start <> {ref}.date_end, {ref}.date_start, {ref}.type, {ref}.date_end,
             1, {low}, {best}
      FROM {scopes}
      ON CONFLICT (scope, span, day_start, type, day_end) DO UPDATE SET
        events = r.events + 1,
        fatalities_low = r.fatalities_low + excluded.fatalities_low,
        fatalities_best = r.fatalities_best + excluded.fatalities_best;
    END IF;"""


def _pg_remove(ref: str) -> str:
    low = f"coalesce({ref}.fatalities_low, 0)"
    best = f"coalesce({ref}.fatalities_best, {ref}.fatalities_low, 0)"
    month = f"coalesce(date_trunc('month', {ref}.date_start)::date, DATE '0001-01-01')"
    scopes = f"(SELECT '*' UNION ALL SELECT country FROM event_country WHERE event_id = {ref}.id)"
    month_key = f"scope IN {scopes} AND type = {ref}.type AND month = {month}"
    day_key = (
        f"scope IN {scopes} AND span = ({ref}.date_start <> {ref}.date_end) "
        f"AND day_start = {ref}.date_start AND type = {ref}.type AND day_end = {ref}.date_end"
    )
    return f"""
    UPDATE rollup_month SET events = events - 1, fatalities_low = fatalities_low - {low},
      fatalities_best = fatalities_best - {best} WHERE {month_key};
    DELETE FROM rollup_month WHERE events = 0 AND {month_key};
    IF {ref}.date_start IS NOT NULL THEN
      UPDATE rollup_day SET events = events - 1, fatalities_low = fatalities_low - {low},
        fatalities_best = fatalities_best - {best} WHERE {day_key};
      DELETE FROM rollup_day WHERE events = 0 AND {day_key};
    END IF;
    DELETE FROM event_country WHERE event_id = {ref}.id;"""


PG_TRIGGERS = (
    f"""CREATE FUNCTION faultline_event_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN {_pg_remove("OLD")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN {_pg_add("NEW")}
  END IF;
  RETURN NULL;
END $$""",
    f"CREATE TRIGGER event_rollup AFTER INSERT OR DELETE OR UPDATE OF {EVENT_COLUMNS} ON event "
    "FOR EACH ROW EXECUTE FUNCTION faultline_event_rollup()",
    # TRUNCATE fires no row triggers: empty the derived tables with it.
    """CREATE FUNCTION faultline_event_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_country; DELETE FROM rollup_month; DELETE FROM rollup_day;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER event_rollup_truncate AFTER TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION faultline_event_truncate()",
    """CREATE FUNCTION faultline_actor_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event SET actor_id = actor_id WHERE actor_id = NEW.id OR target_id = NEW.id;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER actor_country_rollup AFTER UPDATE OF country ON actor FOR EACH ROW "
    "WHEN (OLD.country IS DISTINCT FROM NEW.country) EXECUTE FUNCTION faultline_actor_country()",
    """CREATE FUNCTION faultline_location_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event SET location_id = location_id WHERE location_id = NEW.id;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER location_country_rollup AFTER UPDATE OF country ON location FOR EACH ROW "
    "WHEN (OLD.country IS DISTINCT FROM NEW.country) "
    "EXECUTE FUNCTION faultline_location_country()",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS location_country_rollup ON location",
    "DROP TRIGGER IF EXISTS actor_country_rollup ON actor",
    "DROP TRIGGER IF EXISTS event_rollup_truncate ON event",
    "DROP TRIGGER IF EXISTS event_rollup ON event",
    "DROP FUNCTION IF EXISTS faultline_location_country()",
    "DROP FUNCTION IF EXISTS faultline_actor_country()",
    "DROP FUNCTION IF EXISTS faultline_event_truncate()",
    "DROP FUNCTION IF EXISTS faultline_event_rollup()",
)


def create_triggers() -> None:
    """Create the triggers, then fill the derived tables from the events already stored."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_TRIGGERS if sqlite else PG_TRIGGERS:
        op.execute(statement)
    backfill(sqlite)


def backfill(sqlite: bool) -> None:
    """Fill the derived tables from the events already stored, set-wise."""
    undated = "'0001-01-01'" if sqlite else "DATE '0001-01-01'"
    month = (
        f"CASE WHEN e.date_start IS NULL THEN {undated} ELSE substr(e.date_start, 1, 8) || '01' END"
        if sqlite
        else f"coalesce(date_trunc('month', e.date_start)::date, {undated})"
    )
    op.execute(
        f"""INSERT INTO event_country (country, dated, day, event_id)
        SELECT p.country, e.date_start IS NOT NULL, coalesce(e.date_start, {undated}), e.id
        FROM (SELECT e.id AS event_id, a.country FROM event e JOIN actor a ON a.id = e.actor_id
              UNION SELECT e.id, a.country FROM event e JOIN actor a ON a.id = e.target_id
              UNION SELECT e.id, l.country FROM event e JOIN location l ON l.id = e.location_id
        ) AS p JOIN event e ON e.id = p.event_id WHERE p.country IS NOT NULL"""
    )
    scoped = (
        "(SELECT '*' AS scope, id AS event_id FROM event "
        "UNION ALL SELECT country, event_id FROM event_country) AS s "
        "JOIN event e ON e.id = s.event_id"
    )
    sums = (
        "count(*), sum(coalesce(e.fatalities_low, 0)), "
        "sum(coalesce(e.fatalities_best, e.fatalities_low, 0))"
    )
    op.execute(
        f"""INSERT INTO rollup_month (scope, type, month, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.type, {month}, {sums} FROM {scoped} GROUP BY s.scope, e.type, {month}"""
    )
    op.execute(
        f"""INSERT INTO rollup_day
        (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end, {sums}
        FROM {scoped} WHERE e.date_start IS NOT NULL
        GROUP BY s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end"""
    )


def drop_triggers() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in (
        [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES] if sqlite else PG_DROP
    ):
        op.execute(statement)


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "event_country",
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("dated", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint(
            "country", "dated", "day", "event_id", name=op.f("pk_event_country")
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("event_country", schema=None) as batch_op:
        batch_op.create_index("ix_event_country_event_id", ["event_id"], unique=False)

    op.create_table(
        "rollup_day",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("span", sa.Boolean(), nullable=False),
        sa.Column("day_start", sa.Date(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("day_end", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fatalities_low", sa.Integer(), nullable=False),
        sa.Column("fatalities_best", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "scope", "span", "day_start", "type", "day_end", name=op.f("pk_rollup_day")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_month",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fatalities_low", sa.Integer(), nullable=False),
        sa.Column("fatalities_best", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "type", "month", name=op.f("pk_rollup_month")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_type_date_start_id", ["type", "date_start", "id"], unique=False
        )

    # ### end Alembic commands ###
    create_triggers()


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    drop_triggers()
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_type_date_start_id")

    op.drop_table("rollup_month")
    op.drop_table("rollup_day")
    with op.batch_alter_table("event_country", schema=None) as batch_op:
        batch_op.drop_index("ix_event_country_event_id")

    op.drop_table("event_country")
    # ### end Alembic commands ###
