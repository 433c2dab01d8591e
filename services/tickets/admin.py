"""Operations the CLI (the composition root) calls: first admin, demo data, API tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from services.tickets.directory import demo
from services.tickets.directory.adapters.auto_response_store import AutoResponseStore
from services.tickets.directory.adapters.template_store import TemplateStore
from services.tickets.directory.app import system_addresses
from services.tickets.directory.domain.permissions import ADMIN_GROUP, Permission
from services.tickets.identity.app import auth
from services.tickets.settings import TicketsSettings
from services.tickets.ticketing.adapters.search_index import SearchIndex
from services.tickets.ticketing.domain.articles import NewAttachment
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.db import Database


async def ensure_first_admin(database: Database, settings: TicketsSettings) -> tuple[str, str] | None:
    """Create ``admin`` with a random password when there is no agent at all; return (login, password)."""
    async with TicketsUnitOfWork(database) as uow:
        store = uow.setup
        if await store.agent_count() > 0:
            return None
        password = secrets.token_urlsafe(12)
        agent_id = await store.agent(
            "admin",
            "Administrator",
            "admin@localhost",
            await auth.hash_password(password),
            language=settings.default_language,
        )
        for group_id in await store.all_groups():
            await store.grant_agent(agent_id, group_id, Permission.RW)
        await uow.commit()
    return "admin", password


async def load_demo(database: Database, settings: TicketsSettings) -> list[tuple[str, str, str]]:
    """Load the Sportverein Neudorf (idempotent); return (login, password, description) per agent.

    Existing agents keep their password (the row says so): loading the demo twice,
    or into a system with a real admin, never resets a password.
    """
    async with TicketsUnitOfWork(database) as uow:
        store = uow.setup
        groups = {name: await store.group(name) for name in [ADMIN_GROUP, "users", *demo.AREA_GROUPS]}
        queues = {}
        for name, group in demo.QUEUES.items():
            queues[name] = await store.queue(
                name,
                groups[group],
                follow_up_policy=FollowUpPolicy.REOPEN.value,
                salutation=demo.SALUTATION,
                signature=demo.SIGNATURE,
            )
        await _demo_auto_responses(uow.auto_responses, queues)
        # Spam gets no auto-response: answering it would confirm the address to the spammer.
        queues[settings.spam_queue] = await store.queue(
            settings.spam_queue,
            groups[demo.SPAM_GROUP],
            follow_up_policy=FollowUpPolicy.REOPEN.value,
            salutation=demo.SALUTATION,
            signature=demo.SIGNATURE,
        )
        for address, (display_name, queue) in demo.ADDRESSES.items():
            await store.address(address, display_name, queues[queue])
        roles = {}
        for role, grants in demo.ROLES.items():
            roles[role] = await store.role(role)
            for group, permissions in grants.items():
                for permission in permissions:
                    await store.grant_role(roles[role], groups[group], permission)
        rows = []
        for login, (name, email, agent_roles, description) in demo.AGENTS.items():
            existed = await store.agent_exists(login)
            password = demo.demo_password(login)
            agent_id = await store.agent(
                login, name, email, await auth.hash_password(password), language=settings.default_language
            )
            for role in agent_roles:
                await store.assign_role(agent_id, roles[role])
            if login == "admin":
                for group_id in groups.values():
                    await store.grant_agent(agent_id, group_id, Permission.RW)
            rows.append((login, "(unchanged)" if existed else password, description))
        for login, name, email, company in demo.CUSTOMERS:
            created = await store.customer(
                login, name, email, company, await auth.hash_password(demo.demo_password(login))
            )
            password = demo.demo_password(login) if created else "(unchanged)"
            rows.append((login, password, f"customer {email} (portal)"))
        await _demo_templates(uow.templates, queues)
        await system_addresses.announce(uow)
        await uow.commit()
    return rows


async def _demo_auto_responses(store: AutoResponseStore, queues: dict[str, int]) -> None:
    """The demo's auto-responses; a kind a queue already has is left as the admin has changed it."""
    for queue_id in queues.values():
        responses = await store.of_queue(queue_id)
        for kind, (subject, body) in demo.AUTO_RESPONSES.items():
            responses.setdefault(AutoResponseKind(kind), AutoResponse(subject, body))
        await store.replace(queue_id, responses)


async def _demo_templates(store: TemplateStore, queues: dict[str, int]) -> None:
    """The demo's standard answers; one that exists (by name) is left as the admin has changed it."""
    for name, (kind, body, queue_names, files) in demo.TEMPLATES.items():
        if await store.id_by_name(name) is not None:
            continue
        template_id = await store.add(name, kind, body, datetime.now(UTC))
        await store.set_queues(template_id, [queues[q] for q in queue_names])
        for filename, content_type, content in files:
            await store.attach(template_id, NewAttachment(filename, content_type, content))


async def create_api_token(database: Database, login: str, days: int = 365) -> str:
    """A bearer token for ``login``, valid ``days`` days; shown once, stored as its hash."""
    return await auth.issue_api_token(TicketsUnitOfWork(database), login, days)


async def rebuild_search_index(database: Database) -> int:
    """Build the full-text index again from tickets and articles (after a bulk load or restore).

    One transaction: searches see the old index until the new one is committed.
    Returns the number of indexed documents (titles plus articles).
    """
    async with TicketsUnitOfWork(database) as uow:
        count = await SearchIndex(uow.session).rebuild()
        await uow.commit()
    return count
