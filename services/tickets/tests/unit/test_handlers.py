"""The tickets service's handlers, built by ``bootstrap`` on a fake unit of work: no I/O, milliseconds each."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.tickets.bootstrap import bootstrap
from services.tickets.directory.app import settings_admin
from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import Forbidden, LockedByOther, NotFound, Unauthenticated
from services.tickets.identity.app import auth
from services.tickets.identity.app.auth import Caller
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.settings import TicketsSettings
from services.tickets.tests.unit.fakes import FakeUnitOfWork
from services.tickets.ticketing.app import actions, reply, ticket_actions
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.ticketing.domain.delivery import DeliveryStatus
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.states import State, StateType
from shared.contracts import new_event
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.envelope import Envelope

SETTINGS = TicketsSettings(system_id=10, secret_key="unit-test-secret")


def mail(**fields: Any) -> Envelope:
    values: dict[str, Any] = {
        "raw_message_id": "00000000-0000-0000-0000-000000000001",
        "received_at": datetime.now(UTC),
        "envelope_from": "spender@example.org",
        "from_address": "spender@example.org",
        "to": ["info@neudorf.example"],
        "subject": "Spende: ein Basketballkorb",
        "message_id": "<first@example.org>",
        "text_body": "Ich möchte dem Verein einen Basketballkorb spenden.",
    }
    return new_event(MessageReceivedV1(**(values | fields)), source="ingest")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    inbox = uow.directory.add_queue("Allgemein", address="info@neudorf.example")
    uow.directory.add_queue("Materialwart", address="material@neudorf.example")
    uow.auto_responses.by_queue[inbox.id] = {
        AutoResponseKind.NEW: AutoResponse("Eingang: {{ ticket.title }}", "Danke, wir melden uns."),
    }
    return uow


def only_ticket(uow: FakeUnitOfWork) -> Any:
    (ticket,) = uow.tickets.rows.values()
    return ticket


# --- intake: new ticket, follow-up, reject, repeat ---------------------------------------------


async def test_a_mail_to_a_system_address_opens_a_ticket_in_its_queue_with_an_auto_reply(uow: FakeUnitOfWork) -> None:
    handlers = bootstrap(SETTINGS, uow).handlers
    await handlers.handle(mail())

    ticket = only_ticket(uow)
    queue = await uow.directory.queue_by_name("Allgemein")
    assert queue is not None and ticket.queue_id == queue.id
    assert ticket.title == "Spende: ein Basketballkorb"
    assert ticket.state.type is StateType.NEW
    assert ticket.number.startswith(datetime.now(UTC).strftime("%Y%m%d") + "10")
    assert uow.committed == 1
    (created,) = [e for e in uow.events if e.type == "ticket.created"]
    assert created.data["number"] == ticket.number
    assert created.data["auto_reply"] is not None


async def test_the_same_event_twice_opens_one_ticket(uow: FakeUnitOfWork) -> None:
    handlers = bootstrap(SETTINGS, uow).handlers
    envelope = mail()
    await handlers.handle(envelope)
    await handlers.handle(envelope)
    assert len(uow.tickets.rows) == 1
    assert uow.types().count("ticket.created") == 1


async def test_a_reply_with_the_ticket_hook_is_a_follow_up_on_that_ticket(uow: FakeUnitOfWork) -> None:
    handlers = bootstrap(SETTINGS, uow).handlers
    await handlers.handle(mail())
    number = only_ticket(uow).number

    await handlers.handle(mail(subject=f"Re: [Ticket#{number}] Spende", message_id="<second@example.org>"))

    ticket = only_ticket(uow)
    assert len(uow.tickets.articles[ticket.id]) == 2
    added = [e for e in uow.events if e.type == "ticket.article.added"]
    assert added and added[-1].data["follow_up"] is True


async def test_a_follow_up_found_by_references_on_a_closed_ticket_of_a_reject_queue_is_rejected(
    uow: FakeUnitOfWork,
) -> None:
    strict = uow.directory.add_queue("Vorstand", address="vorstand@neudorf.example")
    uow.directory.queues[strict.id] = strict.__class__(
        **(strict.__dict__ | {"follow_up_policy": FollowUpPolicy.REJECT})
    )
    handlers = bootstrap(SETTINGS, uow).handlers
    await handlers.handle(mail(to=["vorstand@neudorf.example"]))
    ticket = only_ticket(uow)
    closed = await uow.tickets.state_by_name("closed successful")
    assert closed is not None
    ticket.set_state(closed, None, "agent:vorstand", datetime.now(UTC))
    await uow.tickets.save(ticket)

    await handlers.handle(
        mail(subject="Noch eine Frage", message_id="<x@example.org>", references=["<first@example.org>"])
    )

    ticket = only_ticket(uow)
    assert ticket.state.type is StateType.CLOSED  # not reopened
    assert len(uow.tickets.rows) == 1  # and no new ticket
    notes = [h.note or "" for h in uow.tickets.history[ticket.id] if h.type is HistoryType.ROUTING]
    assert any("rejected" in note for note in notes)


async def test_a_follow_up_on_a_pending_ticket_sets_the_queues_follow_up_state(uow: FakeUnitOfWork) -> None:
    answered = State("customer answered", StateType.OPEN)
    uow.tickets.STATES = {**uow.tickets.STATES, answered.name: answered}
    inbox = await uow.directory.queue_by_name("Allgemein")
    assert inbox is not None
    uow.directory.queues[inbox.id] = replace(inbox, follow_up_state=answered.name)
    handlers = bootstrap(SETTINGS, uow).handlers
    await handlers.handle(mail())
    ticket = only_ticket(uow)
    pending = await uow.tickets.state_by_name("pending reminder")
    assert pending is not None
    ticket.set_state(pending, datetime.now(UTC), "agent:kassenwart", datetime.now(UTC))
    await uow.tickets.save(ticket)

    await handlers.handle(mail(subject=f"Re: [Ticket#{ticket.number}] Spende", message_id="<second@example.org>"))

    ticket = only_ticket(uow)
    assert (ticket.state, ticket.pending_until) == (answered, None)
    [why] = [h for h in uow.tickets.history[ticket.id] if h.type is HistoryType.FOLLOW_UP_STATE]
    assert (why.old, why.new) == ("pending reminder", "customer answered")
    updated = [e for e in uow.events if e.type == "ticket.updated"][-1]
    assert updated.data["history_type"] == "FollowUpStateUpdate"


# --- delivery reports ------------------------------------------------------------------------


async def test_a_delivery_report_is_recorded_on_its_article_once(uow: FakeUnitOfWork) -> None:
    handlers = bootstrap(SETTINGS, uow).handlers
    await handlers.handle(mail())
    ticket = only_ticket(uow)
    (article,) = uow.tickets.articles[ticket.id]
    now = datetime.now(UTC)
    report = new_event(
        MailFailedV1(
            mail_id=uuid.uuid4(),
            message_id="<out-1@neudorf.example>",
            transport="smtp",
            ticket_id=ticket.id,
            article_id=article.id,
            to=["a@example.org"],
            error="550 no such user",
            final=True,
            failed_at=now,
            purpose="article",
        ),
        source="notify",
    )
    await handlers.handle(report)
    assert uow.articles.delivery[article.id] == (DeliveryStatus.FAILED, "550 no such user")

    sent = new_event(
        MailSentV1(
            mail_id=uuid.uuid4(),
            message_id="<auto-1@neudorf.example>",
            transport="smtp",
            ticket_id=ticket.id,
            article_id=None,
            to=["spender@example.org"],
            sent_at=now,
            purpose="auto_reply",
        ),
        source="notify",
    )
    await handlers.handle(sent)
    await handlers.handle(sent)
    auto = [h for h in uow.tickets.history[ticket.id] if h.type is HistoryType.SEND_AUTO_REPLY]
    assert len(auto) == 1 and auto[0].new == "sent"


# --- ticket actions --------------------------------------------------------------------------


async def agent_caller(uow: FakeUnitOfWork, login: str, *permissions: Permission) -> Caller:
    agent = uow.directory.add_agent(login, {"users": list(permissions)})
    held = await uow.directory.permissions(agent.id)
    return Caller(
        agent=agent, permissions=held, readable_queue_ids=frozenset(await uow.directory.readable_queue_ids(held))
    )


async def opened(uow: FakeUnitOfWork) -> str:
    await bootstrap(SETTINGS, uow).handlers.handle(mail())
    return only_ticket(uow).number


async def test_a_locked_ticket_takes_no_note_from_another_agent_without_rw(uow: FakeUnitOfWork) -> None:
    number = await opened(uow)
    anna = await agent_caller(uow, "anna", Permission.RW)
    ben = await agent_caller(uow, "ben", Permission.RO, Permission.NOTE)

    await actions.apply(uow, anna, number, None, ticket_actions.lock(take_over=False))
    assert only_ticket(uow).locked and only_ticket(uow).owner_id == anna.agent.id

    with pytest.raises(LockedByOther):
        await actions.apply(uow, ben, number, None, ticket_actions.add_note("Hinweis", "Bitte warten.", False, []))
    assert len(uow.tickets.articles[only_ticket(uow).id]) == 1


async def test_move_and_state_change_are_saved_and_announced(uow: FakeUnitOfWork) -> None:
    number = await opened(uow)
    anna = await agent_caller(uow, "anna", Permission.RW)
    version = only_ticket(uow).version

    await actions.apply(uow, anna, number, version, ticket_actions.move("Materialwart"))
    await actions.apply(uow, anna, number, None, ticket_actions.set_state("closed successful", None))

    ticket = only_ticket(uow)
    assert ticket.queue_id == (await uow.directory.queue_by_name("Materialwart")).id  # type: ignore[union-attr]
    assert ticket.state.type is StateType.CLOSED
    assert {"ticket.moved", "ticket.updated"} <= set(uow.types())


async def test_a_reader_without_rw_may_not_move(uow: FakeUnitOfWork) -> None:
    number = await opened(uow)
    reader = await agent_caller(uow, "leser", Permission.RO)
    with pytest.raises(Forbidden):
        await actions.apply(uow, reader, number, None, ticket_actions.move("Materialwart"))


async def test_an_unknown_ticket_is_not_found(uow: FakeUnitOfWork) -> None:
    anna = await agent_caller(uow, "anna", Permission.RW)
    with pytest.raises(NotFound):
        await actions.apply(uow, anna, "2026010110000000", None, ticket_actions.lock(take_over=False))


async def test_a_reply_is_an_outbound_article_for_notify_and_locks_the_ticket(uow: FakeUnitOfWork) -> None:
    number = await opened(uow)
    anna = await agent_caller(uow, "anna", Permission.RW)
    answer = reply.reply(
        to=["spender@example.org"], cc=[], subject=None, body_text="Vielen Dank!", attachments=[], hook="Ticket#"
    )
    await actions.apply(uow, anna, number, None, answer)

    ticket = only_ticket(uow)
    assert len(uow.tickets.articles[ticket.id]) == 2
    assert ticket.locked and ticket.owner_id == anna.agent.id
    added = [e for e in uow.events if e.type == "ticket.article.added"][-1]
    assert added.data["outbound_mail"]["to"] == ["spender@example.org"]
    assert f"[Ticket#{number}]" in added.data["outbound_mail"]["subject"]


# --- the scheduler ---------------------------------------------------------------------------


async def test_the_scheduler_closes_a_due_pending_ticket_and_unlocks_a_stale_lock(uow: FakeUnitOfWork) -> None:
    wiring = bootstrap(SETTINGS, uow)
    number = await opened(uow)
    await wiring.handlers.handle(mail(subject="Zweite Spende", message_id="<zwei@example.org>"))
    first, second = sorted(uow.tickets.rows)
    anna = await agent_caller(uow, "anna", Permission.RW)
    now = datetime.now(UTC)
    await actions.apply(uow, anna, number, None, ticket_actions.set_state("pending auto close+", now))
    second_number = uow.tickets.rows[second].number
    await actions.apply(uow, anna, second_number, None, ticket_actions.lock(take_over=False))
    uow.directory.unlock_minutes[uow.tickets.rows[second].queue_id] = 30

    assert await wiring.scheduler.run_once(now + timedelta(minutes=31)) == 2

    assert uow.tickets.rows[first].state.name == "closed successful"
    assert not uow.tickets.rows[second].locked
    assert await wiring.scheduler.run_once(now + timedelta(minutes=32)) == 0


# --- the directory ---------------------------------------------------------------------------


async def test_an_admin_changes_a_runtime_setting_and_it_is_audited(uow: FakeUnitOfWork) -> None:
    admin = uow.directory.add_agent("root", {"admin": [Permission.RW]})
    held = await uow.directory.permissions(admin.id)
    caller = Caller(agent=admin, permissions=held, readable_queue_ids=frozenset())

    changed = await settings_admin.change(uow, caller, {"default_queue": "Materialwart"})

    assert changed.default_queue == "Materialwart"
    assert (await uow.runtime_settings.load()).default_queue == "Materialwart"
    (entry,) = uow.audit.entries
    assert entry["actor"] == "agent:root" and entry["action"] == "settings.update"


async def test_a_non_admin_may_not_change_settings(uow: FakeUnitOfWork) -> None:
    anna = await agent_caller(uow, "anna", Permission.RW)
    with pytest.raises(Forbidden):
        await settings_admin.change(uow, anna, {"default_queue": "Materialwart"})
    assert uow.runtime_settings.values == {} and uow.audit.entries == []


# --- identity --------------------------------------------------------------------------------


async def test_login_gives_a_token_that_authenticates_and_logout_ends_it(uow: FakeUnitOfWork) -> None:
    agent = uow.directory.add_agent("anna", {"users": [Permission.RW]})
    await uow.directory.set_password_hash(agent.id, await auth.hash_password("ein langes Passwort"))
    box = SecretBox("unit-test-secret")

    token, expires_at = await auth.login(uow, box, "anna", "ein langes Passwort")
    assert expires_at > datetime.now(UTC) + timedelta(minutes=1)
    caller = await auth.authenticate(uow, token)
    assert caller.agent.login == "anna" and caller.readable_queue_ids == frozenset(uow.directory.queues)

    await auth.logout(uow, token)
    with pytest.raises(Unauthenticated):
        await auth.authenticate(uow, token)


async def test_a_wrong_password_is_refused_and_counted(uow: FakeUnitOfWork) -> None:
    agent = uow.directory.add_agent("anna")
    await uow.directory.set_password_hash(agent.id, await auth.hash_password("ein langes Passwort"))
    with pytest.raises(Unauthenticated):
        await auth.login(uow, SecretBox("unit-test-secret"), "anna", "falsch")
    assert uow.login_failures.by_login["anna"].count == 1
    assert uow.agent_tokens.by_hash == {}
