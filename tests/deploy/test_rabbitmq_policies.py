"""deploy/rabbitmq: the policies fit the queues the code declares, and work on a real broker.

The live test imports the two definitions files that the compose RabbitMQ loads at boot
(the users file as compose writes it, and definitions.json) into the local RabbitMQ with
``rabbitmqctl import_definitions``, moved into a fresh virtual host and user so that
nothing else on the broker is touched. It logs in as that user, declares the queue
*without* any dead-letter arguments, and shows that the policy alone dead-letters a
poison message into the consumer's dead-letter queue.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import subprocess
from typing import Any
from urllib.parse import quote, urlparse

import aio_pika
import pytest

from shared.rabbit_topology import Topology
from shared.settings import SERVICES, Settings
from tests.deploy.conftest import DEPLOY, interpolate
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


def _rabbitmqctl(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run(["rabbitmqctl", "-q", *args], input=stdin, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"rabbitmqctl {' '.join(args)}: {result.stderr or result.stdout}"
    return result.stdout


def _moved_to(document: dict[str, Any], vhost: str) -> dict[str, Any]:
    """The same definitions for virtual host ``vhost`` instead of ``/``."""
    moved = json.loads(json.dumps(document))
    for entry in moved.get("vhosts", []):
        entry["name"] = vhost
    for section in ("permissions", "policies"):
        for entry in moved.get(section, []):
            entry["vhost"] = vhost
    return moved


@pytest.fixture
async def broker(amqp_url: str, unique_name: str, compose: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The boot-time definitions, imported into a throw-away vhost; yields (AMQP URL of its user, vhost)."""
    assert shutil.which("rabbitmqctl"), "this test needs rabbitmqctl of the local RabbitMQ (see .ci/run)"
    password = secrets.token_hex(16)
    users = interpolate(
        compose["configs"]["rabbitmq-users"]["content"], {"RABBITMQ_USER": unique_name, "RABBITMQ_PASSWORD": password}
    )
    files = {
        "10-users.json": json.loads(users),
        "20-topology.json": json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text()),
    }
    try:
        for _, document in sorted(files.items()):  # in the order RabbitMQ reads the directory
            moved = json.dumps(_moved_to(document, unique_name))
            await asyncio.to_thread(_rabbitmqctl, "import_definitions", "--format", "json", stdin=moved)
        server = urlparse(amqp_url)
        login = f"{unique_name}:{password}@{server.hostname}:{server.port or 5672}"
        yield f"amqp://{login}/{quote(unique_name, safe='')}", unique_name
    finally:
        await asyncio.to_thread(subprocess.run, ["rabbitmqctl", "-q", "delete_vhost", unique_name], capture_output=True)
        await asyncio.to_thread(subprocess.run, ["rabbitmqctl", "-q", "delete_user", unique_name], capture_output=True)


async def test_the_policy_alone_sends_a_poison_message_to_the_dead_letter_queue(
    broker: tuple[str, str], policies: list[dict[str, Any]]
) -> None:
    url, vhost = broker
    queue_name = TOPOLOGY.queue("tickets")
    limit = next(p["definition"]["delivery-limit"] for p in policies if p["name"] == queue_name.replace(".", "-"))
    connection = await aio_pika.connect(url)  # as the user the compose file creates
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
