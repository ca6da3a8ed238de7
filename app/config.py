"""Settings, read from the environment once and validated.

The conventional names users already set keep their names (``DATABASE_URL``, ``HOST``, ``PORT``);
everything else takes the ``FAULTLINE_`` prefix. Every setting is documented in the README (a test
checks it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./data/faultline.db"


class Settings(BaseSettings):
    """Faultline's configuration; construct directly in tests, from the environment otherwise."""

    model_config = SettingsConfigDict(env_prefix="FAULTLINE_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "FAULTLINE_DATABASE_URL", "database_url"),
        description="SQLAlchemy URL: a SQLite file (default) or postgresql://user:pw@host/db.",
    )
    host: str = Field(
        default="127.0.0.1",
        validation_alias=AliasChoices("HOST", "FAULTLINE_HOST", "host"),
        description="Interface `faultline serve` binds to.",
    )
    port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        validation_alias=AliasChoices("PORT", "FAULTLINE_PORT", "port"),
        description="TCP port `faultline serve` listens on.",
    )
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Comma-separated API keys accepted on write endpoints (empty: writes refused).",
    )
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        default="info", description="Log level of the server and the CLI."
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest request body accepted, in bytes (413)."
    )
    migrate_on_start: bool = Field(
        default=True, description="Run Alembic migrations to head when the server starts."
    )
    seed_on_start: bool = Field(
        default=True, description="Load the curated seed article when the server starts."
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Worker processes `faultline serve` starts (one per core; docs/deployment.md).",
    )
    gc_tuning: bool = Field(
        default=True,
        description="Freeze start-up objects out of the garbage collector and collect less often.",
    )
    db_threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Threads per process that run database calls; also the connection pool size.",
    )
    sql_time_limit_ms: int = Field(
        default=5000, ge=10, description="Time limit for one statistics query, in milliseconds."
    )

    require_key_for_reads: bool = Field(
        default=False, description="Ask for an API key on reads too (writes always need one)."
    )
    rate_limit_per_minute: int = Field(
        default=0,
        ge=0,
        description="Requests per minute per client (by key, else by address); 0 turns it off.",
    )
    write_rate_limit_per_minute: int = Field(
        default=600, ge=0, description="Write requests per minute per API key; 0 turns it off."
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Comma-separated origins allowed to call the API from browsers ('*' for any).",
    )
    cors_allow_writes: bool = Field(
        default=False, description="Let CORS origins send writes too (reads only by default)."
    )
    json_logs: bool = Field(
        default=True, description="Log one JSON line per request (false: uvicorn's plain log)."
    )

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(key.strip() for key in value.split(",") if key.strip())
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        """Use psycopg 3 for PostgreSQL whatever scheme spelling the user gave."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value.removeprefix(prefix)
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file of a SQLite URL, or None for memory and other databases."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split("///", 1)[-1].split("?", 1)[0]
        return None if path in ("", ":memory:") else Path(path)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own ``Settings`` instead)."""
    return Settings()
