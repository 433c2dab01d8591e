"""Notify's settings: :class:`NotifyServiceSettings` (the shared ones, its port and the outgoing
relay, ``UMLAUF_RELAY_*``) and :class:`NotifySettings` (how it sends, ``UMLAUF_NOTIFY_*``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.settings import Settings


class NotifyServiceSettings(Settings):
    """The shared settings plus notify's port and relay; each field is an ``UMLAUF_<NAME>`` variable."""

    notify_port: int = Field(default=8083, description="HTTP port of notify when served alone.")
    relay_host: str | None = Field(default=None, description="Outgoing SMTP relay; unset: write var/outbox/*.eml.")
    relay_port: int = Field(default=25, description="Port of the outgoing SMTP relay.")
    relay_username: str | None = Field(default=None, description="SMTP AUTH user for the relay.")
    relay_password: str | None = Field(default=None, description="SMTP AUTH password for the relay.")
    relay_starttls: bool = Field(default=False, description="Use STARTTLS with the relay.")

    @property
    def port(self) -> int:
        return self.notify_port


class NotifySettings(BaseSettings):
    """Each field is an ``UMLAUF_NOTIFY_<NAME>`` variable."""

    model_config = SettingsConfigDict(env_prefix="UMLAUF_NOTIFY_", extra="ignore")

    auto_replies_per_day: int = Field(
        default=40,
        ge=1,
        description="At most this many auto-responses per recipient address and UTC day (OTRS's PostmasterMaxEmails).",
    )
    x_loop: str = Field(
        default="umlauf",
        description="Value of the X-Loop header on our automatic mail; inbound mail carrying it gets no auto-reply.",
    )
    own_addresses: Annotated[list[str], NoDecode] = Field(
        default=[],
        description="Comma-separated system addresses that never receive an auto-reply (besides each mail's From).",
    )
    auto_reply_null_sender: bool = Field(
        default=True, description="Send auto-replies with the null envelope sender (MAIL FROM:<>), as RFC 3834 advises."
    )
    notification_from: str = Field(
        default="umlauf@localhost", description="Sender address of notifications to agents (pending reminders)."
    )
    retry_base_seconds: float = Field(default=60, gt=0, description="First delay after a temporary failure; doubles.")
    retry_max_delay_seconds: float = Field(default=3600, gt=0, description="Longest delay between two attempts.")
    give_up_after_seconds: float = Field(
        default=2 * 24 * 3600,
        gt=0,
        description="A mail still undelivered this long after it was queued fails for good.",
    )
    poll_interval_seconds: float = Field(default=5, gt=0, description="How often the sender looks for due mail.")
    smtp_timeout_seconds: float = Field(default=60, gt=0, description="Timeout of one SMTP conversation step.")
    send_lease_seconds: float = Field(
        default=600,
        gt=0,
        description="A mail taken for sending is not taken again before this; must exceed a whole SMTP conversation.",
    )
    batch_size: int = Field(default=20, ge=1, description="Mails taken per round of the sender.")

    @field_validator("own_addresses", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
