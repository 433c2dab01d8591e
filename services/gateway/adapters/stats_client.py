"""The stats service's report for a UI session: tickets signs the agent's identity, stats answers for it.

The same two steps as the public ``/api/v1/stats`` proxy, with the session's
tickets token instead of a bearer token from the browser.
"""

from __future__ import annotations

from datetime import date

import httpx

from services.gateway.adapters.identity_client import Identities

REPORT = "/api/v1/stats/tickets-per-queue"


class StatsUnavailable(Exception):
    """The stats service did not answer, or not with a report."""


async def tickets_per_queue(
    identities: Identities,
    stats_http: httpx.AsyncClient,
    token: str,
    first: date,
    last: date,
    fmt: str = "json",
) -> httpx.Response:
    params = {"from": first.isoformat(), "to": last.isoformat(), "format": fmt}
    try:
        response = await stats_http.get(REPORT, params=params, headers=await identities.headers(token))
    except httpx.TransportError as exc:
        raise StatsUnavailable(str(exc)) from exc
    if response.status_code != 200:
        raise StatsUnavailable(f"stats answered {response.status_code}")
    return response
