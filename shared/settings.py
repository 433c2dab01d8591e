"""Settings for every service, read from ``UMLAUF_*`` environment variables.

One settings class for the whole system keeps the documentation in one place; a
service reads only the fields it needs. Database URLs default to SQLite files
under ``UMLAUF_VAR_DIR`` (the embedded default).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("ingest", "tickets", "notify", "stats", "gateway")


class BusKind(StrEnum):
    INPROCESS = "inprocess"
    RABBITMQ = "rabbitmq"


class Settings(BaseSettings):
    """All configuration; each field is an ``UMLAUF_<NAME>`` variable."""

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
    gateway_port: int = Field(default=8080, description="Port of the gateway (UI and /api/v1).")
    ingest_port: int = Field(default=8081, description="HTTP port of ingest when served alone.")
    tickets_port: int = Field(default=8082, description="HTTP port of tickets when served alone.")
    notify_port: int = Field(default=8083, description="HTTP port of notify when served alone.")
    stats_port: int = Field(default=8084, description="HTTP port of stats when served alone.")
    tickets_url: str = Field(default="http://127.0.0.1:8082", description="How the gateway reaches tickets.")
    stats_url: str = Field(default="http://127.0.0.1:8084", description="How the gateway reaches stats.")
    ingest_url: str = Field(
        default="http://127.0.0.1:8081", description="How the gateway reaches ingest (admin: mail accounts, filters)."
    )
    notify_url: str = Field(default="http://127.0.0.1:8083", description="How the gateway reaches notify (mail log).")

    smtp_host: str = Field(default="127.0.0.1", description="Address of the SMTP intake.")
    smtp_port: int = Field(default=2525, description="Port of the SMTP intake.")
    smtp_max_message_size: int = Field(default=25 * 1024 * 1024, description="Larger mail is refused with 552.")

    relay_host: str | None = Field(default=None, description="Outgoing SMTP relay; unset: write var/outbox/*.eml.")
    relay_port: int = Field(default=25, description="Port of the outgoing SMTP relay.")
    relay_username: str | None = Field(default=None, description="SMTP AUTH user for the relay.")
    relay_password: str | None = Field(default=None, description="SMTP AUTH password for the relay.")
    relay_starttls: bool = Field(default=False, description="Use STARTTLS with the relay.")

    system_id: int = Field(default=10, ge=0, le=99, description="System id inside ticket numbers.")
    ticket_number_generator: str = Field(default="DateChecksum", description="DateChecksum, Date or AutoIncrement.")
    ticket_hook: str = Field(default="Ticket#", description="The hook before the number in subjects.")
    follow_up_by_body_number: bool = Field(
        default=False,
        description="A mail whose subject and In-Reply-To/References match no ticket follows up the ticket "
        "whose hook and number (ours) are in its text body.",
    )
    secret_key: str = Field(
        default="change-me-in-production",
        description="Signs identities passed between services and session cookies.",
    )
    default_language: str = Field(default="de", description="UI language when the browser states none.")
    log_json: bool = Field(default=True, description="JSON log lines (false: plain text).")
    log_level: str = Field(default="INFO", description="Log level.")

    smtp_trusted: bool = Field(
        default=False,
        description="Honour X-Umlauf-*/X-OTRS-*/X-OTOBO-* headers of mail from the SMTP intake (else stripped).",
    )
    smtp_tls_cert: Path | None = Field(default=None, description="PEM certificate; with the key, SMTP offers STARTTLS.")
    smtp_tls_key: Path | None = Field(default=None, description="PEM private key of smtp_tls_cert.")
    smtp_refuse_unknown_recipients: bool = Field(
        default=True,
        description="SMTP/LMTP refuse a recipient that is no system address with 550 at RCPT (postmaster@ and our "
        "return paths excepted; everything is accepted until tickets has announced its addresses).",
    )
    lmtp_port: int | None = Field(default=None, description="Also listen for LMTP on this port (smtp_host); unset: no.")
    spam_queue: str = Field(default="Spam", description="Queue for mail an upstream filter flagged as spam.")
    spam_flags: list[str] = Field(
        default=["X-Spam-Flag: YES", "X-Spam-Status: Yes"],
        description="'Header: value-prefix' pairs (JSON list) that mark mail as spam, compared case-insensitively.",
    )
    archive_after_days: int = Field(
        default=0, ge=0, description="Archive closed tickets this many days after they were closed; 0: never."
    )

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
    raw_mail_retention_days: int = Field(
        default=30,
        ge=0,
        description="Ingest deletes a raw mail this many days after it was parsed (quarantined mail is kept); a "
        "copy arriving later is taken as new. 0: never.",
    )

    def database_url(self, service: str) -> str:
        """The service's own database; SQLite under var/ unless configured."""
        explicit = getattr(self, f"{service}_database_url")
        if explicit:
            return explicit
        return f"sqlite+aiosqlite:///{(self.var_dir / f'{service}.db').resolve()}"

    def port(self, service: str) -> int:
        return getattr(self, f"{service}_port")
