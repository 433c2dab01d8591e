"""A tiny service for tests of the plumbing: its own metadata with an effect table,
the outbox and the inbox, a unit of work and an event handler in house style."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import ConfigDict
from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid, func, insert, select

from shared.bus import EventHandler
from shared.contracts import Contract
from shared.db import Database
from shared.envelope import Envelope
from shared.handlers import ContractHandler, EventHandlers
from shared.messaging_tables import add_messaging_tables
from shared.unit_of_work import UnitOfWork


class ToyHappenedV1(Contract):
    """What the toy services exchange; extra fields are kept so tests can carry anything."""

    model_config = ConfigDict(frozen=True, extra="allow")
    TYPE: ClassVar[str] = "toy.happened"
    VERSION: ClassVar[int] = 1


class ToyAnsweredV1(ToyHappenedV1):
    TYPE: ClassVar[str] = "toy.answered"


def typed(handlers: dict[str, EventHandler]) -> EventHandlers:
    """The toy's envelope handlers registered by contract, as a service registers its own."""
    contracts = {contract.TYPE: contract for contract in (ToyHappenedV1, ToyAnsweredV1)}

    def adapt(handler: EventHandler) -> ContractHandler:
        async def handle(_event: Contract, envelope: Envelope) -> None:
            await handler(envelope)

        return handle

    return EventHandlers({contracts[key]: adapt(handler) for key, handler in handlers.items()})


def event(type_: str = "toy.happened", **data: object) -> Envelope:
    return Envelope(type=type_, version=1, source="toy", correlation_id=uuid.uuid4(), data=dict(data))


@dataclass
class Toy:
    """One toy service on one database; effects are rows, so "happened once" is countable."""

    name: str
    database: Database
    metadata: MetaData = field(default_factory=MetaData)

    def __post_init__(self) -> None:
        self.effects = Table(
            "effects",
            self.metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("event_id", Uuid, nullable=False),
            Column("note", String(200)),
        )
        self.outbox, self.inbox = add_messaging_tables(self.metadata)

    async def create_tables(self) -> None:
        async with self.database.engine.begin() as conn:
            await conn.run_sync(self.metadata.create_all)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.database, self.outbox, self.inbox)

    async def emit(self, *envelopes: Envelope) -> None:
        async with self.uow() as uow:
            uow.emit(*envelopes)
            await uow.commit()

    def handler(self, fail: Callable[[Envelope], bool] = lambda _: False, then_emit: str | None = None) -> EventHandler:
        """Claim, record the effect, optionally emit a follow-up, commit; raise when ``fail`` says so."""

        async def handle(envelope: Envelope) -> None:
            async with self.uow() as uow:
                if not await uow.claim(self.name, envelope):
                    return
                await uow.session.execute(insert(self.effects).values(event_id=envelope.id, note=envelope.type))
                if fail(envelope):
                    raise RuntimeError(f"{self.name} cannot handle {envelope.id}")
                if then_emit:
                    uow.emit(event(then_emit, cause=str(envelope.id)))
                await uow.commit()

        return handle

    async def effect_count(self, event_id: uuid.UUID | None = None) -> int:
        query = select(func.count()).select_from(self.effects)
        if event_id is not None:
            query = query.where(self.effects.c.event_id == event_id)
        async with self.database.sessions() as session:
            return (await session.execute(query)).scalar_one()

    async def outbox_rows(self) -> list:  # type: ignore[type-arg]
        async with self.database.sessions() as session:
            return list((await session.execute(select(self.outbox).order_by(self.outbox.c.seq))).all())
