"""Settings only the gateway reads, as ``UMLAUF_GATEWAY_*`` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class GatewayOptions(BaseSettings):
    """Sessions, cookies and display; each field is an ``UMLAUF_GATEWAY_<NAME>`` variable."""

    model_config = SettingsConfigDict(env_prefix="UMLAUF_GATEWAY_", extra="ignore")

    session_idle_minutes: int = Field(default=60, ge=1, description="A session unused this long ends.")
    session_absolute_hours: int = Field(default=12, ge=1, description="A session ends this long after login.")
    cookie_secure: bool = Field(
        default=False,
        description="Always mark cookies Secure (set it behind a TLS proxy); https requests get it anyway.",
    )
    trusted_origins: list[str] = Field(
        default=[],
        description="Origins besides the request's own accepted on forms, e.g. the public https address "
        "when a proxy rewrites the Host header. JSON list.",
    )
    timezone: str = Field(default="Europe/Berlin", description="Time zone in which the UI shows times.")
    page_size: int = Field(default=25, ge=1, le=200, description="Tickets per page in queue views.")
    login_failure_limit: int = Field(
        default=10, ge=1, description="Failed logins from one client address that block it (429) for the window."
    )
    login_failure_window_minutes: int = Field(
        default=15, ge=1, description="The window in which failed logins from one address are counted."
    )
