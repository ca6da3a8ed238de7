"""Storage: engines and sessions, the Alembic runner, dialect-specific statements, backups."""
