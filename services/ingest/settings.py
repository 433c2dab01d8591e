"""Ingest's settings: the SMTP/LMTP intake and what it decides about a mail before tickets sees it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from shared.settings import Settings


class IngestSettings(Settings):
    """The shared settings plus ingest's own; each field is an ``UMLAUF_<NAME>`` variable."""

    ingest_port: int = Field(default=8081, description="HTTP port of ingest when served alone.")
    smtp_host: str = Field(default="127.0.0.1", description="Address of the SMTP intake.")
    smtp_port: int = Field(default=2525, description="Port of the SMTP intake.")
    smtp_max_message_size: int = Field(default=25 * 1024 * 1024, description="Larger mail is refused with 552.")
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

    raw_mail_retention_days: int = Field(
        default=30,
        ge=0,
        description="Ingest deletes a raw mail this many days after it was parsed (quarantined mail is kept); a "
        "copy arriving later is taken as new. 0: never.",
    )

    @property
    def port(self) -> int:
        return self.ingest_port
