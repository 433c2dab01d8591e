"""The settings every service reads, from ``UMLAUF_*`` environment variables.

Only what all services share lives here: where data lives, the bus, each service's database,
the address servers bind to, the secret that signs identities, logging. Each service owns
its other settings in ``services/<name>/settings.py``, a subclass of :class:`Settings` with
the same ``UMLAUF_`` prefix, so the variable names stay what deployments already set.
Database URLs default to SQLite files under ``UMLAUF_VAR_DIR`` (the embedded default).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("ingest", "tickets", "notify", "stats", "gateway")


class BusKind(StrEnum):
    INPROCESS = "inprocess"
    RABBITMQ = "rabbitmq"


class Settings(BaseSettings):
    """What every service reads; each field is an ``UMLAUF_<NAME>`` variable."""

    model_config = SettingsConfigDict(env_prefix="UMLAUF_", extra="ignore")

    var_dir: Path = Field(
        default=Path("var"),
        description="Where the SQLite files and var/outbox (outgoing mail without a relay) live; raw mail is "
        "kept in ingest's database.",
    )
    bus: BusKind = Field(
        default=BusKind.INPROCESS,
        description="'inprocess' (embedded, one process) or 'rabbitmq' (distributed).",
    )
    amqp_url: str = Field(default="amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ URL.")
    exchange: str = Field(default="umlauf.events", description="The topic exchange for domain events.")
    max_deliveries: int = Field(default=5, ge=1, description="Deliveries of one event before it is dead-lettered.")

    ingest_database_url: str | None = Field(default=None, description="Ingest's database (SQLAlchemy async URL).")
    tickets_database_url: str | None = Field(default=None, description="Tickets' database.")
    notify_database_url: str | None = Field(default=None, description="Notify's database.")
    stats_database_url: str | None = Field(default=None, description="Stats' database.")
    gateway_database_url: str | None = Field(default=None, description="Gateway's database (sessions).")

    host: str = Field(default="127.0.0.1", description="Address the HTTP servers bind to.")
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For/-Proto are believed (comma-separated; * for any).",
    )
    secret_key: str = Field(
        default="change-me-in-production",
        description="Signs identities passed between services and session cookies.",
    )
    log_json: bool = Field(default=True, description="JSON log lines (false: plain text).")
    log_level: str = Field(default="INFO", description="Log level.")

    # Retention (shared.retention); 0 keeps rows for ever.
    outbox_retention_days: int = Field(
        default=7,
        ge=0,
        description="Published outbox rows are deleted this many days after publishing; unpublished and dead "
        "rows are kept. 0: never.",
    )
    inbox_retention_days: int = Field(
        default=30,
        ge=0,
        description="Inbox rows (which events a consumer handled) are deleted this many days after handling; "
        "must outlast any redelivery, including an operator's replay of dead letters. 0: never.",
    )

    def database_url(self, service: str) -> str:
        """The service's own database; SQLite under var/ unless configured."""
        explicit = getattr(self, f"{service}_database_url")
        if explicit:
            return explicit
        return f"sqlite+aiosqlite:///{(self.var_dir / f'{service}.db').resolve()}"

    @classmethod
    def of(cls, settings: Settings) -> Self:
        """This service's settings: its own variables from the environment, the shared values from
        ``settings`` (which may differ from the environment, e.g. ``umlauf serve`` choosing RabbitMQ)."""
        if isinstance(settings, cls):
            return settings
        return cls(**{name: getattr(settings, name) for name in Settings.model_fields})
