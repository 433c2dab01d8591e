"""Create/Update schemas of mail accounts (the read side is ``account_queries``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.ingest.domain.accounts import AfterFetch, Protocol, Security


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    protocol: Protocol
    host: str = Field(min_length=1, max_length=255)
    port: int = Field(ge=1, le=65535)
    security: Security = Security.TLS
    verify_tls: bool = True
    username: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1000)
    folder: str = Field(default="INBOX", min_length=1, max_length=255)
    after_fetch: AfterFetch = AfterFetch.DELETE
    queue: str | None = Field(default=None, max_length=200, description="None: route by recipient.")
    trusted: bool = Field(default=False, description="Honour X-Umlauf-*/X-OTRS-*/X-OTOBO-* headers.")
    enabled: bool = True
    poll_interval: int = Field(default=60, ge=1, le=86400, description="Seconds; with IMAP IDLE the longest wait.")


class AccountUpdate(BaseModel):
    """Only the fields sent change; ``queue: null`` switches to routing by recipient."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    protocol: Protocol | None = None
    host: str | None = Field(default=None, min_length=1, max_length=255)
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Security | None = None
    verify_tls: bool | None = None
    username: str | None = Field(default=None, min_length=1, max_length=255)
    password: str | None = Field(default=None, min_length=1, max_length=1000)
    folder: str | None = Field(default=None, min_length=1, max_length=255)
    after_fetch: AfterFetch | None = None
    queue: str | None = Field(default=None, max_length=200)
    trusted: bool | None = None
    enabled: bool | None = None
    poll_interval: int | None = Field(default=None, ge=1, le=86400)

    def changes(self) -> dict[str, object]:
        """Fields the caller sent; null is a value only for ``queue``."""
        sent = self.model_dump(exclude_unset=True)
        return {k: v for k, v in sent.items() if v is not None or k == "queue"}
