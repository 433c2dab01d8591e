"""The five services as five OS processes on RabbitMQ and PostgreSQL.

Mail goes in over SMTP, outgoing mail is caught by an SMTP sink, the result is
read through the gateway's API. The tickets process is killed with SIGKILL in
the middle of a batch of 200 mails and restarted: exactly 200 tickets exist
afterwards. A poison message ends in the dead-letter queue while good messages
keep flowing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aio_pika
import httpx
import pytest
import pytest_asyncio

from shared.settings import SERVICES
from tests.e2e.mail import donation_mail, rcpt_codes, send
from tests.e2e.sink import SmtpSink
from tests.e2e.system import Process, clean_env, run_cli, umlauf, wait_ready
from tests.support import TEST_AMQP_URL, create_database, drop_database, free_port, wait_until

pytestmark = [pytest.mark.timeout(600), pytest.mark.asyncio(loop_scope="module")]


@dataclass
class Cluster:
    env: dict[str, str]
    ports: dict[str, int]
    processes: dict[str, Process]
    sink: SmtpSink
    token: str
    queue_prefix: str

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def api(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=f"{self.gateway}/api/v1", headers={"Authorization": f"Bearer {self.token}"}, timeout=30
        )

    def restart(self, name: str) -> None:
        self.processes[name].start()
        wait_ready(f"http://127.0.0.1:{self.ports[name]}", self.processes[name])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cluster]:
    """One system for the module: starting five processes is the slow part."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    amqp_url = TEST_AMQP_URL
    suffix = uuid.uuid4().hex[:8]
    names = {service: f"umlauf_e2e_{suffix}_{service}" for service in SERVICES}
    urls = {service: await create_database(name) for service, name in names.items()}
    ports = {service: free_port() for service in SERVICES}
    smtp_port, relay_port = free_port(), free_port()
    queue_prefix = f"e2e{suffix}"
    env = clean_env(
        UMLAUF_BUS="rabbitmq",
        UMLAUF_AMQP_URL=amqp_url,
        UMLAUF_EXCHANGE=f"{queue_prefix}.events",  # the queues are named after its first part
        UMLAUF_MAX_DELIVERIES="3",
        UMLAUF_VAR_DIR=str(tmp_path / "var"),
        UMLAUF_SMTP_PORT=str(smtp_port),
        UMLAUF_RELAY_HOST="127.0.0.1",
        UMLAUF_RELAY_PORT=str(relay_port),
        UMLAUF_TICKETS_URL=f"http://127.0.0.1:{ports['tickets']}",
        UMLAUF_STATS_URL=f"http://127.0.0.1:{ports['stats']}",
        **{f"UMLAUF_{s.upper()}_DATABASE_URL": url for s, url in urls.items()},
        **{f"UMLAUF_{s.upper()}_PORT": str(port) for s, port in ports.items()},
    )
    run_cli(env, tmp_path, "migrate")
    run_cli(env, tmp_path, "demo")
    token = run_cli(env, tmp_path, "token", "create", "admin").strip().splitlines()[-1]
    processes = {s: Process(s, umlauf("serve", s), env, tmp_path, tmp_path / f"{s}.log") for s in SERVICES}
    with SmtpSink(relay_port) as sink:
        try:
            for process in processes.values():
                process.start()
            for name, process in processes.items():
                wait_ready(f"http://127.0.0.1:{ports[name]}", process)
            yield Cluster(env, ports, processes, sink, token, queue_prefix)
        finally:
            for process in processes.values():
                process.stop()
            await _delete_topology(amqp_url, queue_prefix)
            for name in names.values():
                await drop_database(name)


async def _delete_topology(amqp_url: str, prefix: str) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for service in SERVICES:
            for queue in (f"{prefix}.{service}", f"{prefix}.{service}.dlq"):
                await channel.queue_delete(queue)
        await channel.queue_delete(f"{prefix}.unrouted")
        for exchange in (f"{prefix}.events", f"{prefix}.dlx", f"{prefix}.unrouted"):
            await channel.exchange_delete(exchange)


async def _total(api: httpx.AsyncClient, queue: str = "Allgemein") -> int:
    response = await api.get("/tickets", params={"queue": queue, "limit": 1})
    assert response.status_code == 200, response.text
    return response.json()["total"]


async def _all_titles(api: httpx.AsyncClient, queue: str = "Allgemein") -> list[str]:
    titles: list[str] = []
    offset = 0
    while True:
        page = (await api.get("/tickets", params={"queue": queue, "limit": 100, "offset": offset})).json()
        titles += [item["title"] for item in page["items"]]
        offset += 100
        if offset >= page["total"]:
            return titles


async def test_kill_tickets_mid_batch_loses_and_duplicates_nothing(cluster: Cluster) -> None:
    smtp_port = int(cluster.env["UMLAUF_SMTP_PORT"])
    subjects = [f"Anfrage {i:03d}" for i in range(200)]

    async def sender(indices: range) -> None:
        for i in indices:
            mail = donation_mail(subject=subjects[i], sender=f"mitglied{i}@example.org")
            await send(mail, smtp_port)

    async def killer() -> None:
        async with cluster.api() as api:
            await wait_until(lambda: _at_least(api, 30), within=120)
        cluster.processes["tickets"].kill()
        await asyncio.sleep(2)
        await asyncio.to_thread(cluster.restart, "tickets")

    await asyncio.gather(*(sender(range(k, 200, 4)) for k in range(4)), killer())

    async with cluster.api() as api:
        await wait_until(lambda: _at_least(api, 200), within=180)
        titles = [title for title in await _all_titles(api) if title.startswith("Anfrage ")]
        assert sorted(titles) == subjects  # exactly 200, none twice
        await wait_until(lambda: _stats_agree_with_tickets(api), within=60)
    auto_replies = await wait_until(lambda: _auto_replies(cluster, 200), within=120)
    assert len(auto_replies) == 200
    assert {str(m["Subject"]).split("] ", 1)[1] for m in auto_replies} == set(subjects)


async def _at_least(api: httpx.AsyncClient, n: int) -> bool:
    try:
        return await _total(api) >= n
    except (httpx.HTTPError, AssertionError):
        return False  # the tickets process may be down right now


async def _titles_present(api: httpx.AsyncClient, titles: list[str]) -> bool:
    try:
        present = await _all_titles(api)
    except (httpx.HTTPError, AssertionError):
        return False
    return all(present.count(title) == 1 for title in titles)


async def _stats_agree_with_tickets(api: httpx.AsyncClient) -> bool:
    """Stats' count of tickets created in Allgemein equals the tickets the API lists there."""
    response = await api.get("/stats/tickets-per-queue")
    assert response.status_code == 200, response.text
    counted = sum(row["count"] for row in response.json()["rows"] if row["queue"] == "Allgemein")
    return counted == await _total(api)


def _auto_replies(cluster: Cluster, n: int) -> list | None:
    replies = [
        m for m in cluster.sink.messages if m["Auto-Submitted"] == "auto-replied" and "] Anfrage " in str(m["Subject"])
    ]
    return replies if len(replies) >= n else None


async def test_poison_message_goes_to_dead_letter_queue_while_good_mail_flows(cluster: Cluster) -> None:
    connection = await aio_pika.connect(TEST_AMQP_URL)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{cluster.queue_prefix}.events")
        await exchange.publish(
            aio_pika.Message(
                b'{"this is": "not an envelope"}',
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=str(uuid.uuid4()),
            ),
            routing_key="ingest.message.received",
        )
        smtp_port = int(cluster.env["UMLAUF_SMTP_PORT"])
        for i in range(5):
            await send(donation_mail(subject=f"Gut {i}", sender=f"gut{i}@example.org"), smtp_port)
        async with cluster.api() as api:
            good = [f"Gut {i}" for i in range(5)]
            await wait_until(lambda: _titles_present(api, good), within=60)

        async def dead_letters() -> int:
            queue = await channel.declare_queue(f"{cluster.queue_prefix}.tickets.dlq", passive=True)
            return queue.declaration_result.message_count

        assert await wait_until(dead_letters, within=60) == 1


async def test_the_system_addresses_reach_ingest_over_rabbitmq(cluster: Cluster) -> None:
    """Tickets announced its addresses (after the demo, and when it started): once ingest has
    them from its queue, an unknown recipient is refused at RCPT and a system address is not."""
    smtp_port = int(cluster.env["UMLAUF_SMTP_PORT"])

    async def refused() -> bool:
        return await rcpt_codes(smtp_port, ["niemand@neudorf.example"]) == [550]

    await wait_until(refused, within=60, interval=0.5)
    assert await rcpt_codes(smtp_port, ["kasse@neudorf.example", "postmaster@neudorf.example"]) == [250, 250]
