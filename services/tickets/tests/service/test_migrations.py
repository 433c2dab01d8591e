"""The migrations build exactly the tables the code uses (no drift), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from services.tickets import main
from services.tickets.schema import metadata
from shared.migrations import upgrade


def _outside_metadata(change: tuple) -> bool:  # type: ignore[type-arg]
    """The search index is dialect-specific raw SQL (migration 0003; FTS5 adds shadow tables), and
    so are PostgreSQL's trigram indexes (migration 0011)."""
    kind, thing = change[0], change[1]
    if kind == "remove_index" and thing.name.endswith("_trgm"):
        return True
    table = thing if kind == "remove_table" else getattr(thing, "table", None)
    return kind in ("remove_table", "remove_index") and getattr(table, "name", "").startswith("search_")


def _diff(connection: Connection) -> list[tuple]:  # type: ignore[type-arg]
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [change for change in compare_metadata(context, metadata) if not _outside_metadata(change)]


async def test_migrated_schema_matches_the_metadata(any_db_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    engine = create_async_engine(any_db_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(_diff)
    finally:
        await engine.dispose()
    assert diff == []


async def test_0012_turns_company_strings_into_companies_and_collects_addresses(any_db_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url, "0011")
    engine = create_async_engine(any_db_url)
    customers = [
        ("berta", "Berta@Baeckerei.example", ["Berta@Baeckerei.example", "b@privat.example"], "Bäckerei"),
        ("bernd", "bernd@baeckerei.example", ["bernd@baeckerei.example"], "Bäckerei"),
        ("zweit", "b@privat.example", ["b@privat.example"], None),  # an address twice: the first keeps it
    ]
    try:
        async with engine.begin() as connection:
            for login, email, emails, company in customers:
                await connection.execute(
                    text(
                        "INSERT INTO customer_users (login, name, email, emails, company, valid, sees_company) "
                        "VALUES (:login, :login, :email, :emails, :company, true, false)"
                    ),
                    {"login": login, "email": email, "emails": json.dumps(emails), "company": company},
                )
        await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
        async with engine.connect() as connection:
            companies = (await connection.execute(text("SELECT id, name FROM customer_companies"))).all()
            users = dict((await connection.execute(text("SELECT login, company_id FROM customer_users"))).all())
            addresses = (
                await connection.execute(
                    text(
                        "SELECT e.address, u.login, e.position FROM customer_emails e "
                        "JOIN customer_users u ON u.id = e.customer_id ORDER BY e.address"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    [(company_id, name)] = companies
    assert name == "Bäckerei" and users == {"berta": company_id, "bernd": company_id, "zweit": None}
    assert [tuple(a) for a in addresses] == [
        ("b@privat.example", "berta", 1),
        ("bernd@baeckerei.example", "bernd", 0),
        ("berta@baeckerei.example", "berta", 0),
    ]
