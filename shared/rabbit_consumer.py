"""What a RabbitMQ delivery turns into: validate the envelope, dispatch, then ack or reject.

The ack comes only after the handler returned, and the handler commits its own
transaction (with its inbox row), so an ack never covers uncommitted work. Failures
are requeued with ``reject`` until the event's last allowed delivery, then rejected
without requeue, which dead-letters (:mod:`shared.redelivery`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from faststream.rabbit.message import RabbitMessage
from pydantic import ValidationError

from shared.bus import Subscription
from shared.envelope import Envelope
from shared.redelivery import delivery_number, retry_delay, should_retry

log = logging.getLogger(__name__)


async def the_message_itself(message: RabbitMessage) -> RabbitMessage:
    """FastStream decoder that hands the consumer the message, body undecoded.

    With the broker's dependency injection off, a subscriber is called with whatever
    the decoder returns. FastStream's own path parsed every JSON body into a dict we
    never used and resolved the message argument in a worker thread; measured, this
    was most of the CPU a delivery cost before the handler ran.
    """
    return message


def make_consumer(
    subscription: Subscription, *, max_deliveries: int, retry_backoff: float
) -> Callable[[RabbitMessage], Awaitable[None]]:
    """A FastStream subscriber function (manual acknowledgement) for one service's queue."""

    async def consume(message: RabbitMessage) -> None:
        raw = message.raw_message
        try:
            envelope = Envelope.from_json(raw.body)
        except ValidationError:
            log.error("%s: message %s is not an envelope; dead-lettered", subscription.consumer, raw.message_id)
            await message.reject(requeue=False)
            return
        delivery = delivery_number(raw.headers, raw.redelivered)
        try:
            await subscription.dispatch(envelope)
        except Exception:
            retry = should_retry(delivery, max_deliveries)
            log.exception(
                "%s failed on %s (delivery %d of %d)%s",
                subscription.consumer,
                envelope.id,
                delivery,
                max_deliveries,
                "" if retry else "; dead-lettered",
            )
            if retry:
                await asyncio.sleep(retry_delay(delivery, retry_backoff))
            await message.reject(requeue=retry)
            return
        await message.ack()

    consume.__name__ = f"consume_{subscription.consumer}"
    return consume
