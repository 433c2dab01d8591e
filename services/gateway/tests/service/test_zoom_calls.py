"""How many HTTP calls the ticket zoom makes, in how many rounds, against the real tickets, ingest and notify.

A round is one step of the longest chain of calls where each waits for the one before:
calls made concurrently share a round. Counted with httpx's event hooks on the gateway's
own clients, so what is counted is what the gateway sends.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from services.gateway.tests.service.actions_support import number_in
from services.gateway.tests.system import System, log_in


@dataclass
class CallLog:
    """Each call's path and round; a call's round is one more than the latest round finished before it started."""

    calls: list[tuple[str, int]] = field(default_factory=list)
    _finished: int = 0
    _rounds: dict[int, int] = field(default_factory=dict)

    async def started(self, request: httpx.Request) -> None:
        await asyncio.sleep(0)  # calls gathered together all start before any of them finishes
        round_ = self._finished + 1
        self._rounds[id(request)] = round_
        self.calls.append((request.url.path, round_))

    async def finished(self, response: httpx.Response) -> None:
        self._finished = max(self._finished, self._rounds[id(response.request)])

    @property
    def rounds(self) -> int:
        return max((round_ for _, round_ in self.calls), default=0)

    def reset(self) -> None:
        self.calls.clear()
        self._finished = 0
        self._rounds.clear()


def count_calls(system: System) -> CallLog:
    """Hooks on every client the gateway calls other services with."""
    log = CallLog()
    gateway = system.gateway.app.state.gateway
    for client in {gateway.tickets_http, gateway.stats_http, gateway.ingest_http, gateway.notify_http}:
        client.event_hooks["request"].append(log.started)
        client.event_hooks["response"].append(log.finished)
    return log


async def test_the_zoom_asks_concurrently_and_fetches_the_identity_once_per_lifetime(with_mail) -> None:
    number = await number_in(with_mail, "Allgemein")
    async with with_mail.browser() as browser:
        await log_in(browser, "admin")
        log = count_calls(with_mail)

        first = await browser.get(f"/tickets/{number}")
        assert first.status_code == 200 and "Basketballkorb" in first.text
        paths = [path for path, _ in log.calls]
        # Before: 9 calls in 4 rounds (ticket; six lists; identity; notify's mails).
        assert len(paths) == 9 and log.rounds == 2, log.calls
        assert paths.count("/api/v1/auth/identity") == 1 and "/api/v1/notify/mails" in paths
        identity_round = next(r for p, r in log.calls if p == "/api/v1/auth/identity")
        ticket_round = next(r for p, r in log.calls if p == f"/api/v1/tickets/{number}")
        assert identity_round == ticket_round == 1

        log.reset()
        again = await browser.get(f"/tickets/{number}")
        assert again.status_code == 200
        paths = [path for path, _ in log.calls]
        assert "/api/v1/auth/identity" not in paths and "/api/v1/notify/mails" in paths
        assert len(paths) == 8 and log.rounds == 2, log.calls
