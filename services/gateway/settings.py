"""The gateway's settings: its port, where the services are, the UI's language.

Sessions, cookies and display options are :class:`services.gateway.config.GatewayOptions`
(``UMLAUF_GATEWAY_*``).
"""

from __future__ import annotations

from pydantic import Field

from shared.settings import Settings


class GatewaySettings(Settings):
    """The shared settings plus the gateway's own; each field is an ``UMLAUF_<NAME>`` variable."""

    gateway_port: int = Field(default=8080, description="Port of the gateway (UI and /api/v1).")
    tickets_url: str = Field(default="http://127.0.0.1:8082", description="How the gateway reaches tickets.")
    stats_url: str = Field(default="http://127.0.0.1:8084", description="How the gateway reaches stats.")
    ingest_url: str = Field(
        default="http://127.0.0.1:8081", description="How the gateway reaches ingest (admin: mail accounts, filters)."
    )
    notify_url: str = Field(default="http://127.0.0.1:8083", description="How the gateway reaches notify (mail log).")
    default_language: str = Field(default="de", description="UI language when the browser states none.")

    @property
    def port(self) -> int:
        return self.gateway_port
