"""Names and arguments of everything :class:`shared.rabbit.RabbitBus` declares on RabbitMQ.

Pure data, no I/O, so that the layout can be read (and tested) in one place::

    <exchange>            topic, durable; routing key = event type;
                          alternate-exchange = <prefix>.unrouted
    <prefix>.unrouted     fanout exchange + quorum queue (bounded, drop-head): events
                          that no queue is bound for, kept for an operator, never lost
                          silently and never blocking the publisher
    <prefix>.dlx          direct exchange for dead letters
    <prefix>.<consumer>   quorum queue per consuming service, bound to exactly the
                          event types it handles; dead letters go to <prefix>.dlx with
                          the queue's name as routing key (at-least-once)
    <prefix>.<consumer>.dlq  quorum queue bound to <prefix>.dlx with that key

``prefix`` is ``umlauf`` in production; tests use a unique one so that they never
touch a running system's queues. RabbitMQ recommends policies over queue arguments
for the dead-letter settings (arguments cannot change without deleting the queue);
a policy set by the operator takes precedence for the keys it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Upper bound of the unrouted queue; the oldest events are dropped beyond it.
UNROUTED_MAX_LENGTH = 100_000

#: The broker's own delivery limit (RabbitMQ 4's default). Deliberately not
#: ``max_deliveries``: queue arguments cannot change without deleting the queue, so
#: tuning ``UMLAUF_MAX_DELIVERIES`` must not alter them.
BACKSTOP_DELIVERY_LIMIT = 20


def default_prefix(exchange: str) -> str:
    """``umlauf.events`` -> ``umlauf``: the queues follow the exchange unless told otherwise."""
    return exchange.rsplit(".", 1)[0] if "." in exchange else exchange


@dataclass(frozen=True)
class Topology:
    exchange: str
    prefix: str = "umlauf"
    max_deliveries: int = 5

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.prefix}.dlx"

    @property
    def unrouted(self) -> str:
        """Name of both the alternate exchange and its queue."""
        return f"{self.prefix}.unrouted"

    def queue(self, consumer: str) -> str:
        return f"{self.prefix}.{consumer}"

    def dead_letter_queue(self, consumer: str) -> str:
        return f"{self.queue(consumer)}.dlq"

    def exchange_arguments(self) -> dict[str, Any]:
        return {"alternate-exchange": self.unrouted}

    def queue_arguments(self, consumer: str) -> dict[str, Any]:
        """Quorum queue with dead-lettering; the delivery limit is only a backstop.

        The consumer itself dead-letters an event on its ``max_deliveries``-th failed
        delivery (:mod:`shared.redelivery`). The broker's limit catches what the
        consumer cannot count: a process that dies every time it handles the event.
        """
        return {
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": self.dead_letter_exchange,
            "x-dead-letter-routing-key": self.queue(consumer),
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
            "x-delivery-limit": max(BACKSTOP_DELIVERY_LIMIT, self.max_deliveries),
        }

    def dead_letter_queue_arguments(self) -> dict[str, Any]:
        return {"x-queue-type": "quorum"}

    def unrouted_queue_arguments(self) -> dict[str, Any]:
        return {"x-queue-type": "quorum", "x-max-length": UNROUTED_MAX_LENGTH, "x-overflow": "drop-head"}
