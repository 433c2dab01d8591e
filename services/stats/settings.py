"""Stats' settings: beyond the shared ones, only its port."""

from __future__ import annotations

from pydantic import Field

from shared.settings import Settings


class StatsSettings(Settings):
    """The shared settings plus stats' own; each field is an ``UMLAUF_<NAME>`` variable."""

    stats_port: int = Field(default=8084, description="HTTP port of stats when served alone.")

    @property
    def port(self) -> int:
        return self.stats_port
