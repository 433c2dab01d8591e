"""Mail out that arrives: the organisation's relay answers 451 twice, then 250. The
agent's reply is delivered once, and the article shows each step of its delivery."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import free_port, wait_until


class GreylistingRelay:
    """Defers every mail twice (451), accepts it the third time."""

    def __init__(self) -> None:
        self.attempts: dict[str, int] = {}
        self.delivered: list[bytes] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        key = envelope.content.split(b"Message-ID:", 1)[-1][:200].decode(errors="replace")
        self.attempts[key] = self.attempts.get(key, 0) + 1
        if self.attempts[key] <= 2:
            return "451 4.7.1 Greylisted, please try again later"
        self.delivered.append(envelope.content)
        return "250 OK"


@pytest.fixture(scope="module")
def relayed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Embedded, GreylistingRelay]]:
    relay, port = GreylistingRelay(), free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with start_embedded(
            tmp_path_factory.mktemp("delivery"),
            UMLAUF_RELAY_HOST="127.0.0.1",
            UMLAUF_RELAY_PORT=str(port),
            UMLAUF_NOTIFY_POLL_INTERVAL_SECONDS="0.2",
            UMLAUF_NOTIFY_RETRY_BASE_SECONDS="0.5",
        ) as system:
            yield system, relay
    finally:
        controller.stop()


async def test_a_deferred_reply_is_delivered_once_and_the_article_says_sent(
    relayed: tuple[Embedded, GreylistingRelay],
) -> None:
    system, relay = relayed
    await send(donation_mail(subject="Trikotfrage"), system.smtp_port)
    async with system.api() as api:

        async def number() -> str | None:
            items = (await api.get("/tickets", params={"q": "Trikotfrage"})).json()["items"]
            return items[0]["number"] if items else None

        ticket_number = await wait_until(number, within=20)
        reply = await api.post(f"/tickets/{ticket_number}/reply", json={"body_text": "Die Trikots kommen am Montag."})
        assert reply.status_code == 200, reply.text
        article_id = reply.json()["articles"][-1]["id"]

        async def delivery() -> dict | None:
            articles = (await api.get(f"/tickets/{ticket_number}")).json()["articles"]
            state = next(a for a in articles if a["id"] == article_id)["delivery"]
            return state if state and state["status"] == "sent" else None

        await wait_until(delivery, within=60)
        history = [entry["type"] for entry in (await api.get(f"/tickets/{ticket_number}/history")).json()]

    replies = [m for m in relay.delivered if b"Die Trikots kommen am Montag." in m]
    assert len(replies) == 1
    assert max(relay.attempts.values()) == 3
    assert "SendAnswer" in history
