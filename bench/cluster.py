"""The five services as five OS processes on RabbitMQ and PostgreSQL, as an operator runs them.

The same start-up as the distributed end-to-end test (``tests/e2e/test_distributed.py``),
whose process helpers it reuses: fresh databases and a unique exchange, ``umlauf
migrate``, ``umlauf demo``, an API token for ``admin``, then ``umlauf serve NAME``
for each service. Outgoing mail goes to an SMTP sink on loopback. Everything is
stopped and removed on the way out, also when the benchmark fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.infra import TEST_AMQP_URL, delete_topology, run_id, temporary_databases
from shared.settings import SERVICES
from tests.e2e.sink import SmtpSink
from tests.e2e.system import Process, clean_env, run_cli, umlauf, wait_ready
from tests.support import free_port


@dataclass(frozen=True)
class Cluster:
    ports: dict[str, int]
    smtp_port: int
    token: str
    processes: dict[str, Process]

    def api(self) -> httpx.AsyncClient:
        """The public REST API, through the gateway, as ``admin``."""
        return httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{self.ports['gateway']}/api/v1",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time of each service so far: its process and its child processes (the mail parser), from /proc."""
        used = {}
        for name, process in self.processes.items():
            assert process.popen is not None
            used[name] = sum(_cpu(pid) for pid in _tree(process.popen.pid)) / os.sysconf("SC_CLK_TCK")
        return used

    def alive(self) -> None:
        """Raise with the log's tail if a service process has died."""
        for process in self.processes.values():
            if process.popen is not None and process.popen.poll() is not None:
                raise RuntimeError(f"{process.name} exited with {process.popen.returncode}:\n{process.log()[-3000:]}")


@contextlib.asynccontextmanager
async def distributed(amqp_url: str = TEST_AMQP_URL) -> AsyncIterator[Cluster]:
    prefix = f"bench{run_id()}"
    names = {service: f"{prefix}_{service}" for service in SERVICES}
    with tempfile.TemporaryDirectory(prefix="umlauf-bench-") as tmp:
        workdir = Path(tmp)
        async with temporary_databases(names.values()) as urls:
            try:
                with SmtpSink(free_port()) as sink:
                    cluster = await _start(workdir, prefix, amqp_url, sink, list(urls.values()))
                    try:
                        yield cluster
                    finally:
                        _stop(cluster)
            finally:
                await delete_topology(amqp_url, prefix, SERVICES)


async def _start(workdir: Path, prefix: str, amqp_url: str, sink: SmtpSink, urls: list[str]) -> Cluster:
    ports = {service: free_port() for service in SERVICES}
    smtp_port = free_port()
    env = clean_env(
        UMLAUF_BUS="rabbitmq",
        UMLAUF_AMQP_URL=amqp_url,
        UMLAUF_EXCHANGE=f"{prefix}.events",  # the queues are named after its first part
        UMLAUF_VAR_DIR=str(workdir / "var"),
        UMLAUF_SMTP_PORT=str(smtp_port),
        UMLAUF_RELAY_HOST="127.0.0.1",
        UMLAUF_RELAY_PORT=str(sink.port),
        UMLAUF_TICKETS_URL=f"http://127.0.0.1:{ports['tickets']}",
        UMLAUF_STATS_URL=f"http://127.0.0.1:{ports['stats']}",
        **{f"UMLAUF_{s.upper()}_DATABASE_URL": url for s, url in zip(SERVICES, urls, strict=True)},
        **{f"UMLAUF_{s.upper()}_PORT": str(port) for s, port in ports.items()},
    )
    await asyncio.to_thread(run_cli, env, workdir, "migrate")
    await asyncio.to_thread(run_cli, env, workdir, "demo")
    token = (await asyncio.to_thread(run_cli, env, workdir, "token", "create", "admin")).strip().splitlines()[-1]
    processes = {s: Process(s, umlauf("serve", s), env, workdir, workdir / f"{s}.log") for s in SERVICES}
    cluster = Cluster(ports, smtp_port, token, processes)
    try:
        for process in processes.values():
            process.start()
        for name, process in processes.items():
            await asyncio.to_thread(wait_ready, f"http://127.0.0.1:{ports[name]}", process)
    except BaseException:
        _stop(cluster)
        raise
    return cluster


def _stop(cluster: Cluster) -> None:
    for process in cluster.processes.values():
        process.stop()


def _tree(pid: int) -> list[int]:
    """The process and its descendants, living ones only."""
    children = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += [int(child) for child in (task / "children").read_text().split()]
    except FileNotFoundError:  # it ended meanwhile
        return []
    return [pid, *(descendant for child in children for descendant in _tree(child))]


def _cpu(pid: int) -> int:
    """Clock ticks of user and system time of the process and of its children it has waited for."""
    # Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # it ended meanwhile
        return 0
    return sum(int(value) for value in fields[11:15])
