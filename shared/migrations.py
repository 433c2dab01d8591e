"""Alembic, one migration history per service, driven from code.

Each service keeps ``migrations/`` with an ``env.py`` that calls :func:`run_env`
with its metadata, and ``versions/``. ``umlauf migrate`` (and the embedded start)
calls :func:`upgrade` for every service.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(script_location: Path, url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (blocking; run it in a thread)."""
    command.upgrade(alembic_config(script_location, url), revision)


def run_env(metadata: MetaData) -> None:
    """The body of every service's ``migrations/env.py``."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None

    def run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(run)
        await engine.dispose()

    asyncio.run(run_async())


def create_messaging_tables() -> None:
    """The ``outbox`` and ``inbox`` tables as every service's first migration creates them.

    Frozen here on purpose (not derived from :mod:`shared.messaging_tables`): a later
    change to those tables is a new migration in each service, not an edit of this.
    """
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("routing_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("event_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_pending", "outbox", ["published_at", "dead_at", "seq"], unique=False)


def drop_messaging_tables() -> None:
    from alembic import op

    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def add_outbox_key_and_inbox_age() -> None:
    """Every service's second messaging migration (frozen like the first).

    ``outbox.key`` lets the relay keep per-aggregate order without decoding payloads
    (unpublished rows get theirs from the payload); ``ix_inbox_processed_at`` lets
    retention find old inbox rows.
    """
    import sqlalchemy as sa
    from alembic import op

    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("key", sa.String(length=200), nullable=True))
    key = "json_extract(payload, '$.key')" if op.get_bind().dialect.name == "sqlite" else "payload::json->>'key'"
    op.execute(f'UPDATE outbox SET "key" = {key} WHERE published_at IS NULL')
    op.create_index("ix_inbox_processed_at", "inbox", ["processed_at"], unique=False)


def drop_outbox_key_and_inbox_age() -> None:
    from alembic import op

    op.drop_index("ix_inbox_processed_at", table_name="inbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("key")
