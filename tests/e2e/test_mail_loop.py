"""No mail loops: a careless auto-responder that answers everything — without any
Auto-Submitted header, keeping our ticket hook in the subject — talks to Umlauf.
Nothing in its mail tells it from a person, so only the count stops it: at most
``UMLAUF_NOTIFY_AUTO_REPLIES_PER_DAY`` auto-responses go out to it per day (3 here,
40 by default, as OTRS's PostmasterMaxEmails), and then the exchange stops."""

from __future__ import annotations

import asyncio
import email
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import free_port, wait_until

ROBOT = "urlaub@example.net"
PER_DAY = 3


class CarelessResponder:
    """Our relay: it records what Umlauf sends and answers every mail to ROBOT."""

    def __init__(self, intake_port: int) -> None:
        self.intake_port = intake_port
        self.received: list[bytes] = []
        self.answers = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope.content)
        if ROBOT in envelope.rcpt_tos:
            asyncio.get_running_loop().create_task(self._answer(envelope.content))
        return "250 OK"

    async def _answer(self, content: bytes) -> None:
        original = email.message_from_bytes(content, policy=policy.default)
        answer = EmailMessage()
        answer["From"] = ROBOT
        answer["To"] = str(original["From"])
        answer["Subject"] = f"Abwesend: {original['Subject']}"
        answer["In-Reply-To"] = original["Message-ID"].strip()
        answer.set_content("Ich bin bis Montag nicht im Büro.")
        self.answers += 1
        await send(answer, self.intake_port)


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Embedded, CarelessResponder]]:
    intake_port, relay_port = free_port(), free_port()
    responder = CarelessResponder(intake_port)
    controller = Controller(responder, hostname="127.0.0.1", port=relay_port)
    controller.start()
    try:
        with start_embedded(
            tmp_path_factory.mktemp("loop"),
            smtp_port=intake_port,
            UMLAUF_RELAY_HOST="127.0.0.1",
            UMLAUF_RELAY_PORT=str(relay_port),
            UMLAUF_NOTIFY_POLL_INTERVAL_SECONDS="0.5",
            UMLAUF_NOTIFY_AUTO_REPLIES_PER_DAY=str(PER_DAY),
        ) as system:
            yield system, responder
    finally:
        controller.stop()


async def test_an_auto_responder_gets_the_days_count_of_answers_and_the_exchange_stops(
    loop: tuple[Embedded, CarelessResponder],
) -> None:
    system, responder = loop
    await send(donation_mail(subject="Frage zum Training", sender=ROBOT), system.smtp_port)

    async with system.api() as api:

        async def ticket_with_followup() -> dict | None:
            items = (await api.get("/tickets", params={"q": "Training"})).json()["items"]
            if not items:
                return None
            ticket = (await api.get(f"/tickets/{items[0]['number']}")).json()
            return ticket if len(ticket["articles"]) >= 1 + PER_DAY else None

        # Our auto-replies reached the robot, each of its answers threaded onto the ticket …
        ticket = await wait_until(ticket_with_followup, within=30)
        # … and then nothing more happens: wait long enough for several rounds of a loop.
        await asyncio.sleep(6)
        ticket = (await api.get(f"/tickets/{ticket['number']}")).json()

    to_robot = [m for m in responder.received if ROBOT.encode() in m]
    assert len(to_robot) == PER_DAY, f"{len(to_robot)} mails went to the auto-responder"
    assert responder.answers == PER_DAY
    assert len(ticket["articles"]) == 1 + PER_DAY
    assert all(b"Auto-Submitted: auto-replied" in m and b"X-Loop" in m for m in to_robot)
