"""Parsing in a child process, bounded in time and memory.

The email package and nh3 run in a spawned child whose address space is
limited; the service waits at most ``timeout`` seconds for an answer. A child
that runs over, runs out of memory or dies is killed and replaced, the message
is quarantined (announced with its raw bytes attached), and the next message
goes to a fresh child. The event loop only waits; it never parses.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from services.ingest.domain.model import ParsedMessage
from services.ingest.domain.quarantine import quarantined, read_message

log = logging.getLogger(__name__)

_READY = "ready"


def _child(conn: Connection, memory_limit: int | None) -> None:
    """The child's loop: a request is (raw, envelope_from); the answer a ParsedMessage or an error text."""
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    conn.send(_READY)
    while True:
        try:
            raw, envelope_from = conn.recv()
        except EOFError:
            return
        try:
            answer: ParsedMessage | str = read_message(raw, envelope_from)
            conn.send(answer)
        except BaseException as exc:  # MemoryError while parsing or while sending the answer
            raw = answer = b""  # let go of the big objects before answering
            conn.send(f"{exc!r}")


class ParserProcess:
    """``parse`` is the worker's parse function; ``close`` ends the child (on service stop)."""

    def __init__(self, *, timeout: float = 30.0, memory_limit: int | None = 1 << 30, start_timeout: float = 60.0):
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = asyncio.Lock()

    async def parse(self, raw: bytes, envelope_from: str | None) -> ParsedMessage:
        async with self._lock:
            conn = await self._started()
            try:
                await asyncio.to_thread(conn.send, (raw, envelope_from))
                if not await asyncio.to_thread(conn.poll, self.timeout):
                    raise TimeoutError(f"parsing took longer than {self.timeout:g} s")
                answer = await asyncio.to_thread(conn.recv)
            except (TimeoutError, EOFError, OSError) as exc:
                log.warning("parser child failed (%r); replacing it", exc)
                await self.close()
                reason = str(exc) if isinstance(exc, TimeoutError) else f"the parser process died ({exc!r})"
                return quarantined(raw, reason, envelope_from)
        if isinstance(answer, str):
            return quarantined(raw, f"the parser failed: {answer}", envelope_from)
        return answer

    async def _started(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        await self.close()
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_child, args=(child, self.memory_limit), name="umlauf-ingest-parser", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if not await asyncio.to_thread(parent.poll, self.start_timeout) or parent.recv() != _READY:
            await self.close()
            raise RuntimeError("the parser process did not start")
        return parent

    async def close(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            process.kill()
            await asyncio.to_thread(process.join, 5)
