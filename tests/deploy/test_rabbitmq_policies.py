"""deploy/rabbitmq: the policies fit the queues the code declares, and work on a real broker.

The live test puts the policies into a fresh virtual host of the local RabbitMQ with
``rabbitmqctl`` (policies cannot be set over AMQP), declares the queue *without* any
dead-letter arguments, and shows that the policy alone dead-letters a poison message
into the consumer's dead-letter queue.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from typing import Any
from urllib.parse import quote

import aio_pika
import pytest

from shared.rabbit_topology import Topology
from shared.settings import SERVICES, Settings
from tests.deploy.conftest import DEPLOY
from tests.support import wait_until

TOPOLOGY = Topology(Settings().exchange)


@pytest.fixture(scope="module")
def policies() -> list[dict[str, Any]]:
    return json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())["policies"]


def test_every_consumer_queue_has_exactly_one_policy_and_nothing_else_does(policies: list[dict[str, Any]]) -> None:
    names = [TOPOLOGY.queue(s) for s in SERVICES] + [TOPOLOGY.dead_letter_queue(s) for s in SERVICES]
    names.append(TOPOLOGY.unrouted)
    for name in names:
        matching = [p["name"] for p in policies if re.search(p["pattern"], name)]
        expected = 1 if name in {TOPOLOGY.queue(s) for s in SERVICES} else 0
        assert len(matching) == expected, f"{name}: {matching}"


def test_policies_dead_letter_like_the_code_declares(policies: list[dict[str, Any]]) -> None:
    """Same exchange, routing key and limit as the queue arguments of :class:`Topology`."""
    for service in SERVICES:
        (policy,) = [p for p in policies if re.fullmatch(p["pattern"].strip("^$"), TOPOLOGY.queue(service))]
        assert policy["apply-to"] == "queues" and policy["vhost"] == "/"
        arguments = TOPOLOGY.queue_arguments(service)
        expected = {k.removeprefix("x-"): v for k, v in arguments.items() if k != "x-queue-type"}
        assert policy["definition"] == expected


def test_rabbitmq_conf_imports_the_directory_compose_mounts_the_definitions_into(compose: dict[str, Any]) -> None:
    conf = dict(
        (part.strip() for part in line.split("=", 1))
        for line in (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    directory = conf["definitions.local.path"].rstrip("/")
    rabbitmq = compose["services"]["rabbitmq"]
    targets = [v.split(":")[1] for v in rabbitmq["volumes"] if "definitions.json" in v]
    targets += [c["target"] for c in rabbitmq["configs"]]
    assert len(targets) == 2 and all(t.rsplit("/", 1)[0] == directory and t.endswith(".json") for t in targets)
    assert any(v.split(":")[1].startswith("/etc/rabbitmq/conf.d/") for v in rabbitmq["volumes"] if "rabbitmq.conf" in v)


def _rabbitmqctl(*args: str) -> str:
    result = subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"rabbitmqctl {' '.join(args)}: {result.stderr or result.stdout}"
    return result.stdout


@pytest.fixture
async def vhost(amqp_url: str, unique_name: str):  # type: ignore[no-untyped-def]
    assert shutil.which("rabbitmqctl"), "this test needs rabbitmqctl of the local RabbitMQ (see .ci/run)"
    await asyncio.to_thread(_rabbitmqctl, "add_vhost", unique_name)
    try:
        await asyncio.to_thread(_rabbitmqctl, "set_permissions", "-p", unique_name, "guest", ".*", ".*", ".*")
        yield unique_name
    finally:
        await asyncio.to_thread(_rabbitmqctl, "delete_vhost", unique_name)


async def test_the_policy_alone_sends_a_poison_message_to_the_dead_letter_queue(
    vhost: str, amqp_url: str, policies: list[dict[str, Any]]
) -> None:
    for p in policies:
        await asyncio.to_thread(
            _rabbitmqctl, "set_policy", "-p", vhost, "--apply-to", p["apply-to"], "--priority", str(p["priority"]),
            p["name"], p["pattern"], json.dumps(p["definition"]),
        )  # fmt: skip
    queue_name = TOPOLOGY.queue("tickets")
    limit = next(p["definition"]["delivery-limit"] for p in policies if p["name"] == queue_name.replace(".", "-"))
    connection = await aio_pika.connect(amqp_url.rstrip("/") + "/" + quote(vhost, safe=""))
    async with connection:
        channel = await connection.channel()
        dlx = await channel.declare_exchange(TOPOLOGY.dead_letter_exchange, aio_pika.ExchangeType.DIRECT, durable=True)
        dlq = await channel.declare_queue(
            TOPOLOGY.dead_letter_queue("tickets"), durable=True, arguments={"x-queue-type": "quorum"}
        )
        await dlq.bind(dlx, routing_key=queue_name)
        queue = await channel.declare_queue(queue_name, durable=True, arguments={"x-queue-type": "quorum"})
        await channel.default_exchange.publish(aio_pika.Message(b"poison", message_id="m1"), routing_key=queue_name)

        deliveries = 0

        async def reject_until_dead_lettered() -> bool:
            nonlocal deliveries
            message = await queue.get(fail=False)
            if message is not None:
                deliveries += 1
                await message.reject(requeue=True)
            return (await channel.declare_queue(dlq.name, passive=True)).declaration_result.message_count == 1

        await wait_until(reject_until_dead_lettered, within=30)
        dead = await dlq.get(fail=True)
        assert dead.body == b"poison" and dead.message_id == "m1"
        assert deliveries == limit + 1  # RabbitMQ dead-letters when the count exceeds the limit

    listing = await asyncio.to_thread(_rabbitmqctl, "list_queues", "-p", vhost, "name", "policy")
    applied = {name: policy.strip() for name, _, policy in (line.partition("\t") for line in listing.splitlines()[1:])}
    assert applied[queue_name] == queue_name.replace(".", "-")
    assert applied[dlq.name] == ""
