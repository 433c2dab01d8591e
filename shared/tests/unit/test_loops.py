"""The loop helper with a fake pause: no real time passes, every wait is recorded."""

from __future__ import annotations

import asyncio

import pytest

from shared.loops import Backoff, run_loop


class Stop(BaseException):
    """Ends the loop from inside the fake pause (as a cancel would)."""


class FakePause:
    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        self.waits: list[tuple[bool, float]] = []

    async def __call__(self, wake: asyncio.Event | None, seconds: float) -> None:
        self.waits.append((wake is not None, seconds))
        if len(self.waits) >= self.rounds:
            raise Stop


def steps(*results: object):  # type: ignore[no-untyped-def]
    """A step returning (or raising) the given results in turn, then False."""
    queue = list(results)
    calls: list[int] = []

    async def step() -> object:
        calls.append(1)
        result = queue.pop(0) if queue else False
        if isinstance(result, Exception):
            raise result
        return result

    return step, calls


async def test_runs_again_at_once_while_there_is_work_then_waits_the_interval() -> None:
    step, calls = steps(True, True, False)
    pause = FakePause(rounds=1)
    with pytest.raises(Stop):
        await run_loop(step, name="t", interval=7.0, wake=asyncio.Event(), pause=pause)
    assert len(calls) == 3
    assert pause.waits == [(True, 7.0)]


async def test_errors_back_off_growing_without_the_wake_up_and_reset_after_success() -> None:
    step, calls = steps(RuntimeError("1"), RuntimeError("2"), RuntimeError("3"), 0, RuntimeError("4"))
    pause = FakePause(rounds=5)
    with pytest.raises(Stop):
        await run_loop(step, name="t", interval=5.0, wake=asyncio.Event(), backoff=Backoff(1.0, 3.0), pause=pause)
    assert pause.waits == [(False, 1.0), (False, 2.0), (False, 3.0), (True, 5.0), (False, 1.0)]
    assert len(calls) == 5


async def test_on_error_hears_each_failure_with_its_count_and_ends_the_loop_by_raising() -> None:
    step, calls = steps(ValueError("a"), ValueError("b"), KeyError("gone"), ValueError("never"))
    heard: list[tuple[str, int]] = []

    async def on_error(exc: Exception, failures: int) -> None:
        heard.append((str(exc), failures))
        if isinstance(exc, KeyError):
            raise exc

    with pytest.raises(KeyError):
        await run_loop(step, name="t", interval=1.0, on_error=on_error, pause=FakePause(rounds=10))
    assert heard == [("a", 1), ("b", 2), ("'gone'", 3)]
    assert len(calls) == 3


async def test_wake_is_cleared_before_each_step_so_work_made_during_a_step_is_seen() -> None:
    wake = asyncio.Event()
    seen: list[bool] = []

    async def step() -> bool:
        seen.append(wake.is_set())
        wake.set()  # someone commits work while the step runs
        return False

    async def pause(event: asyncio.Event | None, seconds: float) -> None:
        assert event is wake and event.is_set()  # the real pause would return at once
        if len(seen) == 2:
            raise Stop

    wake.set()
    with pytest.raises(Stop):
        await run_loop(step, name="t", interval=60.0, wake=wake, pause=pause)
    assert seen == [False, False]


async def test_a_real_wake_up_cuts_the_interval_short_and_cancel_stops_the_loop() -> None:
    wake, second_round, rounds = asyncio.Event(), asyncio.Event(), []

    async def step() -> bool:
        rounds.append(1)
        if len(rounds) == 2:
            second_round.set()
        return False

    task = asyncio.create_task(run_loop(step, name="t", interval=3600.0, wake=wake))
    await asyncio.sleep(0.01)
    wake.set()
    async with asyncio.timeout(2):
        await second_round.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(rounds) == 2


def test_backoff_doubles_up_to_its_ceiling() -> None:
    backoff = Backoff(base=0.5, ceiling=3.0)
    assert [backoff(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
