"""Mail accounts against a real Dovecot: fetched over IMAP and POP3, removed only after they are stored."""

from __future__ import annotations

import asyncio
import imaplib
import ssl
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from services.ingest.adapters.mailboxes import open_mailbox
from services.ingest.adapters.secrets import PasswordBox
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.accounts import create_account
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.app.polling import AccountPoller
from services.ingest.domain.accounts import AfterFetch, MailAccount, Protocol, Security
from services.ingest.entrypoints.accounts_schemas import AccountCreate
from services.ingest.tests.service.admin_api import account_body, admin_client
from services.ingest.tests.service.conftest import RunningIngest, migrated, start_ingest
from services.ingest.tests.service.dovecot import PASSWORD, USER, Dovecot
from tests.support import wait_until


def mail(n: int) -> bytes:
    return (
        "Delivered-To: kasse@neudorf.example\r\n"
        f"From: Spender {n} <spender{n}@example.org>\r\nTo: verein@neudorf.example\r\n"
        f"Subject: Spende Nummer {n}\r\nMessage-ID: <spende-{n}@example.org>\r\n\r\nEin Basketballkorb.\r\n"
    ).encode()


@pytest.fixture
async def ingest(pg_url: str) -> AsyncIterator[RunningIngest]:
    runtime, running = await start_ingest(pg_url)
    try:
        yield running
    finally:
        await runtime.stop()


@pytest.mark.parametrize("protocol", ["imap", "pop3"])
async def test_messages_in_the_mailbox_become_events_and_leave_the_server(
    ingest: RunningIngest, dovecot: Dovecot, protocol: str
) -> None:
    for n in range(3):
        dovecot.deliver(mail(n))
    async with admin_client(ingest) as http:
        # IMAP: a long poll interval, so that the fourth message can only come in through IDLE.
        interval = 600 if protocol == "imap" else 1
        created = await http.post(
            "/api/v1/ingest/accounts", json=account_body(dovecot, protocol, poll_interval=interval)
        )
        assert created.status_code == 201, created.text
        assert "password" not in created.text and PASSWORD not in created.text

        events = await ingest.wait_for_events(3)
        assert sorted(e.subject for _, e in events) == ["Spende Nummer 0", "Spende Nummer 1", "Spende Nummer 2"]
        assert {tuple(e.envelope_to) for _, e in events} == {("kasse@neudorf.example",)}  # from Delivered-To
        rows = await ingest.raw_rows()
        assert {(r.source, r.account_id, r.queue, r.trusted) for r in rows} == {
            (protocol, created.json()["id"], "Allgemein", False)
        }
        await wait_until(lambda: dovecot.messages() == [])
        account = (await http.get(f"/api/v1/ingest/accounts/{created.json()['id']}")).json()
        assert account["last_success_at"] is not None and account["failures"] == 0

        await asyncio.sleep(0.5)  # the IMAP poller is idling now
        dovecot.deliver(mail(3))
        events = await ingest.wait_for_events(4)
        assert events[-1][1].subject == "Spende Nummer 3"
    assert len(await ingest.raw_rows()) == 4


async def test_mark_seen_leaves_the_message_flagged_and_fetches_it_once(
    ingest: RunningIngest, dovecot: Dovecot
) -> None:
    dovecot.deliver(mail(1))
    async with admin_client(ingest) as http:
        created = await http.post(
            "/api/v1/ingest/accounts", json=account_body(dovecot, "imap", after_fetch="mark_seen")
        )
        assert created.status_code == 201
    await ingest.wait_for_events(1)
    await wait_until(lambda: all(p.name.endswith("S") for p in dovecot.messages()))
    (message,) = dovecot.messages()
    await asyncio.sleep(2.5)  # a few more polls
    assert len(await ingest.raw_rows()) == 1
    assert dovecot.messages() == [message]


async def test_a_failing_account_shows_its_error_and_recovers_when_fixed(
    ingest: RunningIngest, dovecot: Dovecot
) -> None:
    await failing_then_fixed(ingest, dovecot)


async def test_accounts_work_on_sqlite_too(sqlite_url: str, dovecot: Dovecot) -> None:
    """The embedded mode: SQLite hands back naive times, which the back-off compares with aware ones."""
    runtime, ingest = await start_ingest(sqlite_url)
    try:
        await failing_then_fixed(ingest, dovecot)
    finally:
        await runtime.stop()


async def failing_then_fixed(ingest: RunningIngest, dovecot: Dovecot) -> None:
    dovecot.deliver(mail(1))
    async with admin_client(ingest) as http:
        created = (
            await http.post("/api/v1/ingest/accounts", json=account_body(dovecot, "imap", password="falsch"))
        ).json()
        url = f"/api/v1/ingest/accounts/{created['id']}"

        async def failed() -> dict[str, object] | None:
            account = (await http.get(url)).json()
            return account if account["failures"] >= 1 else None

        account = await wait_until(failed, within=15)
        assert "AUTHENTICATIONFAILED" in str(account["last_error"]) or "uthentication" in str(account["last_error"])
        assert account["next_attempt_at"] > account["last_error_at"]
        assert dovecot.messages() != []

        fixed = await http.patch(url, json={"password": PASSWORD})
        assert fixed.status_code == 200 and fixed.json()["failures"] == 0
        await ingest.wait_for_events(1)
    await wait_until(lambda: dovecot.messages() == [])


def imap_account(server: Dovecot) -> MailAccount:
    return MailAccount(
        id=1,
        name="direkt",
        protocol=Protocol.IMAP,
        host="127.0.0.1",
        port=server.imap_port,
        security=Security.NONE,
        username=USER,
        password=PASSWORD,
        after_fetch=AfterFetch.DELETE,
        poll_interval=1,
    )


def count_on_server(server: Dovecot) -> int:
    client = imaplib.IMAP4("127.0.0.1", server.imap_port)
    try:
        client.login(USER, PASSWORD)
        return int(client.select("INBOX")[1][0])
    finally:
        client.logout()


@pytest.mark.parametrize("protocol", [Protocol.IMAP, Protocol.POP3])
async def test_removed_only_after_stored_and_a_poller_killed_before_storing_leaves_it(
    ingest: RunningIngest, dovecot: Dovecot, protocol: Protocol
) -> None:
    port = dovecot.imap_port if protocol is Protocol.IMAP else dovecot.pop3_port
    account = replace(imap_account(dovecot), protocol=protocol, port=port)
    dovecot.deliver(mail(7))
    storing, never = asyncio.Event(), asyncio.Event()

    async def stuck_store(raw: bytes, account: MailAccount) -> None:
        storing.set()
        await never.wait()

    uow = lambda: SqlIngestUnitOfWork(ingest.service.database, PasswordBox(ingest.settings.secret_key))  # noqa: E731
    stuck = AccountPoller(uow, stuck_store, max_message_size=1 << 20, open_mailbox=open_mailbox)
    poll = asyncio.create_task(stuck.poll(account))
    await asyncio.wait_for(storing.wait(), 10)
    poll.cancel()  # killed between fetch and store
    with pytest.raises(asyncio.CancelledError):
        await poll
    assert count_on_server(dovecot) == 1 and len(dovecot.messages()) == 1
    assert await ingest.raw_rows() == []

    on_server_while_storing: list[int] = []

    async def store(raw: bytes, account: MailAccount) -> None:
        on_server_while_storing.append(len(dovecot.messages()))
        await store_raw(StoreRaw(raw, "imap"), SqlIngestUnitOfWork(ingest.service.database))

    await AccountPoller(uow, store, max_message_size=1 << 20, open_mailbox=open_mailbox).poll(account)
    assert on_server_while_storing == [1]
    assert dovecot.messages() == []
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.message_id == "<spende-7@example.org>"


async def test_the_accounts_api_answers_with_problems(ingest: RunningIngest, dovecot: Dovecot) -> None:
    async with admin_client(ingest, admin=False) as http:
        assert (await http.get("/api/v1/ingest/accounts")).status_code == 403
    async with admin_client(ingest) as http:
        assert (await http.get("/api/v1/ingest/accounts/999")).status_code == 404
        assert (await http.patch("/api/v1/ingest/accounts/999", json={"port": 1})).status_code == 404
        assert (await http.delete("/api/v1/ingest/accounts/999")).status_code == 404
        body = account_body(dovecot, "pop3", enabled=False)
        pop_seen = await http.post("/api/v1/ingest/accounts", json=body | {"after_fetch": "mark_seen"})
        assert pop_seen.status_code == 422
        assert pop_seen.headers["content-type"] == "application/problem+json"
        assert (await http.post("/api/v1/ingest/accounts", json=body | {"port": 0})).status_code == 422
        created = await http.post("/api/v1/ingest/accounts", json=body)
        assert created.status_code == 201
        again = await http.post("/api/v1/ingest/accounts", json=body)
        assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
        url = f"/api/v1/ingest/accounts/{created.json()['id']}"
        changed = await http.patch(url, json={"queue": None, "trusted": True})
        assert (changed.json()["queue"], changed.json()["trusted"]) == (None, True)
        listed = await http.get("/api/v1/ingest/accounts")
        assert [a["name"] for a in listed.json()] == ["Vereinspost pop3"]
        assert PASSWORD not in listed.text
        assert (await http.delete(url)).status_code == 204
        assert (await http.get(url)).status_code == 404


@pytest.mark.parametrize(
    ("protocol", "security"),
    [
        (Protocol.IMAP, Security.TLS),
        (Protocol.IMAP, Security.STARTTLS),
        (Protocol.POP3, Security.TLS),
        (Protocol.POP3, Security.STARTTLS),
    ],
)
async def test_accounts_over_tls_verify_the_certificate_unless_told_not_to(
    ingest: RunningIngest, dovecot: Dovecot, protocol: Protocol, security: Security
) -> None:
    dovecot.deliver(mail(9))
    ports = {
        (Protocol.IMAP, Security.TLS): dovecot.imaps_port,
        (Protocol.IMAP, Security.STARTTLS): dovecot.imap_port,
        (Protocol.POP3, Security.TLS): dovecot.pop3s_port,
        (Protocol.POP3, Security.STARTTLS): dovecot.pop3_port,
    }
    account = replace(imap_account(dovecot), protocol=protocol, security=security, port=ports[protocol, security])
    fetched: list[bytes] = []

    async def store(raw: bytes, account: MailAccount) -> None:
        fetched.append(raw)

    uow = lambda: SqlIngestUnitOfWork(ingest.service.database, PasswordBox(ingest.settings.secret_key))  # noqa: E731
    poller = AccountPoller(uow, store, max_message_size=1 << 20, open_mailbox=open_mailbox)
    with pytest.raises(ssl.SSLCertVerificationError):  # self-signed: not trusted by default
        await poller.poll(account)
    assert fetched == [] and len(dovecot.messages()) == 1

    await poller.poll(replace(account, verify_tls=False, poll_interval=0))
    assert len(fetched) == 1 and b"Spende Nummer 9" in fetched[0]
    await wait_until(lambda: dovecot.messages() == [])


async def test_with_two_replicas_one_polls_an_account_and_the_other_takes_over_when_it_stops(
    pg_url: str, dovecot: Dovecot
) -> None:
    database, passwords = await migrated(pg_url), PasswordBox("replicas")
    uow = lambda: SqlIngestUnitOfWork(database, passwords)  # noqa: E731
    body = account_body(dovecot, "imap", name="Geteilt", poll_interval=1)
    await create_account(AccountCreate.model_validate(body).model_dump(), uow())
    stored_by: list[str] = []

    def replica(name: str) -> AccountPoller:
        async def store(raw: bytes, account: MailAccount) -> None:
            stored_by.append(name)

        return AccountPoller(uow, store, max_message_size=1 << 20, refresh=0.2, open_mailbox=open_mailbox)

    first, second = replica("first"), replica("second")
    first_task = asyncio.create_task(first.run())
    await asyncio.sleep(1)  # the first replica holds the lease now
    second_task = asyncio.create_task(second.run())
    for n in range(3):
        dovecot.deliver(mail(n))
    await wait_until(lambda: len(stored_by) == 3 and dovecot.messages() == [])
    assert stored_by == ["first"] * 3

    first_task.cancel()  # a clean stop gives the lease back
    await asyncio.gather(first_task, return_exceptions=True)
    dovecot.deliver(mail(3))
    await wait_until(lambda: len(stored_by) == 4, within=15)
    assert stored_by[-1] == "second"
    second_task.cancel()
    await asyncio.gather(second_task, return_exceptions=True)
    await database.dispose()
