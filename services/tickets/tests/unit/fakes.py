"""In-memory twins of the tickets service's repositories and unit of work, for handler tests.

They keep the behaviour the handlers rely on — a load is a copy, so a change that is not
saved is lost; ids are assigned on insert; events and inbox claims count only after
``commit()`` — and nothing else (repository writes are not rolled back).
``FakeUnitOfWork`` stands where ``TicketsUnitOfWork`` does.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Self
from uuid import UUID

from services.tickets.directory.domain.permissions import ADMIN_GROUP, Grant, PermissionSet
from services.tickets.directory.domain.records import AgentInfo, QueueInfo
from services.tickets.directory.domain.runtime_settings import RuntimeSettings
from services.tickets.identity.adapters.tokens import StoredToken
from services.tickets.identity.domain.throttle import Failures
from services.tickets.ticketing.adapters.articles import SentMail
from services.tickets.ticketing.domain.articles import Article
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.ticketing.domain.delivery import DeliveryStatus
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.states import DEFAULT_STATES, DEFAULT_TICKET_TYPE, State, StateType
from shared.envelope import Envelope

_ids = itertools.count(1)


@dataclass
class StoredHistory:
    type: HistoryType
    actor: str
    at: datetime
    old: str | None = None
    new: str | None = None
    note: str | None = None


class FakeTickets:
    STATES = {state.name: state for state in DEFAULT_STATES}

    def __init__(self) -> None:
        self.rows: dict[int, Ticket] = {}
        self.articles: dict[int, list[Article]] = {}
        self.history: dict[int, list[StoredHistory]] = {}
        self.message_ids: dict[str, int] = {}
        self.links: set[tuple[int, int, str]] = set()
        self.watchers: set[tuple[int, int]] = set()
        self.counters: dict[str, int] = {}
        self.types = {DEFAULT_TICKET_TYPE, "Incident", "Problem"}

    async def next_counter(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    async def exists(self, ticket_id: int) -> bool:
        return ticket_id in self.rows

    async def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        ticket = self.rows.get(ticket_id)
        return copy.deepcopy(ticket) if ticket is not None else None

    async def id_by_number(self, number: str) -> int | None:
        return next((i for i, t in self.rows.items() if t.number == number), None)

    async def id_by_message_ids(self, ids: list[str]) -> int | None:
        return next((self.message_ids[i] for i in ids if i in self.message_ids), None)

    async def remember_message_id(
        self, message_id: str, ticket_id: int, purpose: str, article_id: int | None = None
    ) -> None:
        self.message_ids.setdefault(message_id, ticket_id)

    async def add(self, ticket: Ticket) -> None:
        ticket.id = next(_ids)
        await self._write(ticket)

    async def save(self, ticket: Ticket) -> None:
        assert ticket.id is not None and ticket.id in self.rows
        await self._write(ticket)

    async def _write(self, ticket: Ticket) -> None:
        assert ticket.id is not None
        for article in ticket.new_articles:
            article.id = next(_ids)
            self.articles.setdefault(ticket.id, []).append(copy.deepcopy(article))
            if article.message_id:
                await self.remember_message_id(article.message_id, ticket.id, "article", article.id)
        for h in ticket.new_history:
            self.history.setdefault(ticket.id, []).append(
                StoredHistory(h.type, h.actor, h.created_at, h.old, h.new, h.note)
            )
        ticket.new_articles.clear()
        ticket.new_history.clear()
        self.rows[ticket.id] = copy.deepcopy(ticket)

    async def add_history(
        self,
        ticket_id: int,
        type_: HistoryType,
        actor: str,
        at: datetime,
        *,
        old: str | None = None,
        new: str | None = None,
        note: str | None = None,
    ) -> None:
        self.history.setdefault(ticket_id, []).append(StoredHistory(type_, actor, at, old, new, note))

    async def link(self, source_id: int, target_id: int, link_type: str) -> bool:
        key = (source_id, target_id, link_type)
        added = key not in self.links
        self.links.add(key)
        return added

    async def unlink(self, a_id: int, b_id: int) -> bool:
        before = len(self.links)
        self.links = {k for k in self.links if {k[0], k[1]} != {a_id, b_id}}
        return len(self.links) != before

    async def state_by_name(self, name: str) -> State | None:
        return self.STATES.get(name)

    async def watch(self, ticket_id: int, agent_id: int, on: bool) -> bool:
        key = (ticket_id, agent_id)
        if (key in self.watchers) == on:
            return False
        (self.watchers.add if on else self.watchers.discard)(key)
        return True

    async def type_exists(self, name: str) -> bool:
        return name in self.types

    def _where(self, test: Callable[[Ticket], bool], limit: int) -> list[int]:
        return sorted(i for i, t in self.rows.items() if test(t))[:limit]

    async def due_auto_close(self, now: datetime, limit: int) -> list[int]:
        return self._where(lambda t: t.state.type is StateType.PENDING_AUTO and _before(t.pending_until, now), limit)

    async def due_unlock(self, queue_id: int, minutes: int, now: datetime, limit: int) -> list[int]:
        def stale(t: Ticket) -> bool:
            active = t.state.type in (StateType.NEW, StateType.OPEN)
            return t.queue_id == queue_id and t.locked and active and t.changed_at <= now - timedelta(minutes=minutes)

        return self._where(stale, limit)

    async def due_archive(self, now: datetime, days: int, limit: int) -> list[int]:
        def due(t: Ticket) -> bool:
            return t.state.type.is_closed and t.archived_at is None and _before(t.closed_at, now - timedelta(days=days))

        return self._where(due, limit)

    async def due_reminders(self, now: datetime) -> list[tuple[int, datetime]]:
        due = self._where(lambda t: t.state.type is StateType.PENDING_REMINDER and _before(t.pending_until, now), 10**9)
        return [(i, self.rows[i].pending_until) for i in due]  # type: ignore[misc]


def _before(at: datetime | None, limit: datetime) -> bool:
    return at is not None and at <= limit


class FakeArticles:
    def __init__(self, tickets: FakeTickets) -> None:
        self.tickets = tickets
        self.delivery: dict[int, tuple[DeliveryStatus, str]] = {}

    def _all(self) -> list[tuple[int, Article]]:
        return [(tid, a) for tid, articles in self.tickets.articles.items() for a in articles]

    async def record_delivery(self, article_id: int, status: DeliveryStatus, detail: str) -> None:
        if any(a.id == article_id for _, a in self._all()):
            self.delivery[article_id] = (status, detail)

    async def sent_with_message_id(self, message_ids: list[str]) -> SentMail | None:
        found = next(((t, a) for t, a in self._all() if a.message_id in message_ids), None)
        return SentMail(found[1].id, found[0], found[1].message_id) if found and found[1].id else None  # type: ignore[arg-type]

    async def last_customer_mail(self, ticket_id: int) -> tuple[str, list[str]] | None:
        mails = [a for a in self.tickets.articles.get(ticket_id, []) if a.sender_type == "customer" and a.message_id]
        return (mails[-1].message_id, list(mails[-1].references)) if mails else None  # type: ignore[return-value]

    async def participants(self, ticket_id: int) -> set[str]:
        found: set[str] = set()
        for a in self.tickets.articles.get(ticket_id, []):
            found.update(x.lower() for x in [a.from_address, *a.to, *a.cc] if x)
        return found


@dataclass
class FakeDirectory:
    queues: dict[int, QueueInfo] = field(default_factory=dict)
    addresses: dict[str, int] = field(default_factory=dict)
    agents: dict[int, AgentInfo] = field(default_factory=dict)
    grants: dict[int, list[Grant]] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    customers: dict[str, tuple[str, str]] = field(default_factory=dict)
    """email → (customer login, name)"""
    unlock_minutes: dict[int, int] = field(default_factory=dict)

    def add_queue(self, name: str, group: str = "users", **fields: Any) -> QueueInfo:
        group_id = self.groups.setdefault(group, len(self.groups) + 1)
        defaults: dict[str, Any] = {
            "follow_up_policy": FollowUpPolicy.REOPEN,
            "salutation": None,
            "signature": None,
            "address": None,
            "address_name": None,
        }
        queue = QueueInfo(id=next(_ids), name=name, group_id=group_id, **(defaults | fields))
        self.queues[queue.id] = queue
        if queue.address:
            self.addresses[queue.address.lower()] = queue.id
        return queue

    def add_agent(self, login: str, grants: dict[str, list[Any]] | None = None) -> AgentInfo:
        agent = AgentInfo(next(_ids), login, login.title(), f"{login}@example.org", "de", True, None)
        self.agents[agent.id] = agent
        self.grants[agent.id] = [
            Grant(self.groups.setdefault(g, len(self.groups) + 1), p) for g, ps in (grants or {}).items() for p in ps
        ]
        return agent

    async def queue(self, queue_id: int) -> QueueInfo | None:
        return self.queues.get(queue_id)

    async def queue_by_name(self, name: str) -> QueueInfo | None:
        return next((q for q in self.queues.values() if q.name == name), None)

    async def queue_by_ref(self, name_or_id: str | int) -> QueueInfo | None:
        text = str(name_or_id)
        return await self.queue(int(text)) if text.isdigit() else await self.queue_by_name(text)

    async def queue_for_recipients(self, recipients: list[str]) -> QueueInfo | None:
        lowered = [r.strip().lower() for r in recipients if r]
        queue_id = next((self.addresses[r] for r in lowered if r in self.addresses), None)
        return self.queues.get(queue_id) if queue_id is not None else None

    async def default_queue(self, preferred: str | None = None) -> QueueInfo:
        chosen = await self.queue_by_name(preferred) if preferred else None
        if chosen is not None and chosen.valid:
            return chosen
        return next(q for q in self.queues.values() if q.valid)

    async def system_addresses(self) -> list[str]:
        return sorted(self.addresses)

    async def agent(self, agent_id: int) -> AgentInfo | None:
        return self.agents.get(agent_id)

    async def agent_by_login(self, login: str) -> AgentInfo | None:
        return next((a for a in self.agents.values() if a.login == login), None)

    async def login_of(self, agent_id: int | None) -> str | None:
        agent = self.agents.get(agent_id) if agent_id is not None else None
        return agent.login if agent else None

    async def agent_emails(self) -> set[str]:
        return {a.email.lower() for a in self.agents.values()}

    async def permissions(self, agent_id: int) -> PermissionSet:
        return PermissionSet.resolve(self.grants.get(agent_id, []), [], self.groups.get(ADMIN_GROUP))

    async def readable_queue_ids(self, permissions: PermissionSet) -> list[int]:
        return [q.id for q in self.queues.values() if permissions.can_read(q.group_id)]

    async def customer_login_for(self, email: str | None) -> str | None:
        return self.customers[email.lower()][0] if email and email.lower() in self.customers else None

    async def customer_name_for(self, email: str) -> str:
        return self.customers[email.lower()][1] if email.lower() in self.customers else email

    async def unlock_timeouts(self) -> dict[int, int]:
        return dict(self.unlock_minutes)

    async def set_password_hash(self, agent_id: int, password_hash: str) -> None:
        self.agents[agent_id] = replace(self.agents[agent_id], password_hash=password_hash)


class FakeAutoResponses:
    def __init__(self) -> None:
        self.by_queue: dict[int, dict[AutoResponseKind, AutoResponse]] = {}

    async def get(self, queue_id: int, kind: AutoResponseKind) -> AutoResponse | None:
        return self.by_queue.get(queue_id, {}).get(kind)

    async def of_queue(self, queue_id: int) -> dict[AutoResponseKind, AutoResponse]:
        return dict(self.by_queue.get(queue_id, {}))


class FakeRuntimeSettings:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    async def load(self) -> RuntimeSettings:
        return RuntimeSettings.model_validate(self.values)

    async def store(self, values: dict[str, Any], actor: str, now: datetime) -> None:
        self.values |= values


class FakeTokens:
    def __init__(self) -> None:
        self.by_hash: dict[str, StoredToken] = {}

    async def add(self, token_hash: str, owner_id: int, kind: str, now: datetime, expires_at: datetime) -> None:
        self.by_hash[token_hash] = StoredToken(next(_ids), owner_id, kind, now, expires_at, False)

    async def find(self, token_hash: str) -> StoredToken | None:
        return self.by_hash.get(token_hash)

    async def touch(self, token_id: int, now: datetime) -> None:
        for key, token in self.by_hash.items():
            if token.id == token_id:
                self.by_hash[key] = replace(token, last_used_at=now)

    async def revoke(self, token_hash: str, now: datetime) -> None:
        if token_hash in self.by_hash:
            self.by_hash[token_hash] = replace(self.by_hash[token_hash], revoked=True)


class FakeLoginFailures:
    def __init__(self) -> None:
        self.by_login: dict[str, Failures] = {}

    async def get(self, login: str, now: datetime) -> Failures:
        return self.by_login.get(login, Failures(0, now))

    async def put(self, login: str, failures: Failures) -> None:
        self.by_login[login] = failures

    async def clear(self, login: str) -> None:
        self.by_login.pop(login, None)


class FakeTotp:
    async def get(self, agent_id: int) -> None:
        return None


class FakeAuditLog:
    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    async def add(self, actor: str, action: str, subject: str, detail: dict[str, Any], at: datetime) -> None:
        self.entries.append({"actor": actor, "action": action, "subject": subject, "detail": detail, "at": at})


class FakeUnitOfWork:
    """One shared store for all "transactions"; ``committed`` counts commits, ``events`` what they emitted."""

    def __init__(self) -> None:
        self.tickets = FakeTickets()
        self.articles = FakeArticles(self.tickets)
        self.directory = FakeDirectory()
        self.auto_responses = FakeAutoResponses()
        self.runtime_settings = FakeRuntimeSettings()
        self.audit = FakeAuditLog()
        self.agent_tokens = FakeTokens()
        self.login_failures = FakeLoginFailures()
        self.totp = FakeTotp()
        self.inbox: set[tuple[str, UUID]] = set()
        self.events: list[Envelope] = []
        self.committed = 0
        self._pending: list[Envelope] = []
        self._claims: set[tuple[str, UUID]] = set()

    def __call__(self) -> Self:
        """The fake is its own factory: every "new" unit of work shares the one in-memory store."""
        return self

    async def __aenter__(self) -> Self:
        self._pending, self._claims = [], set()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._pending, self._claims = [], set()

    def emit(self, *events: Envelope) -> None:
        self._pending.extend(events)

    async def commit(self) -> None:
        self.events.extend(self._pending)
        self.inbox |= self._claims
        self._pending, self._claims = [], set()
        self.committed += 1

    async def claim(self, consumer: str, envelope: Envelope) -> bool:
        key = (consumer, envelope.id)
        if key in self.inbox or key in self._claims:
            return False
        self._claims.add(key)
        return True

    async def claimed(self, consumer: str, event_ids: list[UUID]) -> set[UUID]:
        return {e for c, e in self.inbox if c == consumer and e in event_ids}

    def types(self) -> list[str]:
        return [e.type for e in self.events]
