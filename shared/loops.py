"""The one background loop: run a step, then wait for a wake-up or the poll interval.

Every service has work that is found by looking (the outbox relay, the parse worker,
mail polling, the mail sender, the ticket scheduler, retention). Each runs as
:func:`run_loop`:

- ``step()`` does one round and returns whether more work is waiting; if so, the next
  round starts at once, otherwise the loop waits for ``wake`` (set by whoever just
  created work in this process) or ``interval`` seconds, whichever comes first.
  ``wake`` is cleared *before* each step, so work created during a step is not missed.
- A step that raises is logged, ``on_error`` (if any) is told, and the loop waits
  ``backoff(failures)`` seconds — failures in a row, reset by the next success —
  ignoring wake-ups, so a broken database is not hammered by every commit. If
  ``on_error`` raises, the loop ends with that exception (a failure it cannot record,
  or one that means "stop": the mail account was deleted).
- Cancelling the task stops the loop (between or inside steps).

``pause`` is the only place that waits; tests pass a fake one and run the loop
without real time passing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Step = Callable[[], Awaitable[object]]
Pause = Callable[[asyncio.Event | None, float], Awaitable[None]]


@dataclass(frozen=True)
class Backoff:
    """``base``, doubled per failure in a row, at most ``ceiling`` seconds."""

    base: float = 1.0
    ceiling: float = 60.0

    def __call__(self, failures: int) -> float:
        return min(self.ceiling, self.base * 2 ** max(0, failures - 1))


async def wait_for_wake(wake: asyncio.Event | None, seconds: float) -> None:
    """Return when ``wake`` is set or after ``seconds``."""
    if wake is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), seconds)


async def run_loop(
    step: Step,
    *,
    name: str,
    interval: float,
    wake: asyncio.Event | None = None,
    backoff: Callable[[int], float] = Backoff(),
    on_error: Callable[[Exception, int], Awaitable[None]] | None = None,
    pause: Pause = wait_for_wake,
) -> None:
    """Run ``step`` until cancelled (see the module's docstring); never returns otherwise."""
    failures = 0
    while True:
        if wake is not None:
            wake.clear()
        try:
            more = await step()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            failures += 1
            delay = backoff(failures)
            log.exception("%s failed (%d in a row); next round in %.1f s", name, failures, delay)
            if on_error is not None:
                await on_error(exc, failures)
            await pause(None, delay)
            continue
        failures = 0
        if more:
            await asyncio.sleep(0)  # let other tasks run between rounds of a long backlog
            continue
        await pause(wake, interval)
