"""Tickets announces the complete list of system addresses (``directory.system_addresses.changed``)
with every change of them, and once when it starts (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import update

from services.tickets.admin import load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.app.system_addresses import announce
from services.tickets.directory.demo import ADDRESSES
from services.tickets.tests.service.conftest import login, outbox_events
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.bus import InProcessBus
from shared.contracts import parse
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.runtime import Runtime


async def _snapshots(database) -> list[SystemAddressesChangedV1]:
    events = await outbox_events(database, snapshots=True)
    found = [parse(e) for e in events if e.type == SystemAddressesChangedV1.TYPE]
    assert all(e.key == "system-addresses" for e in events if e.type == SystemAddressesChangedV1.TYPE)
    return [s for s in found if isinstance(s, SystemAddressesChangedV1)]


async def test_the_demo_announces_its_addresses_and_a_new_queue_with_an_address_adds_one(client, database, settings):
    await load_demo(database, settings)
    [demo] = await _snapshots(database)
    assert demo.addresses == sorted(ADDRESSES)

    admin = await login(client, "admin")
    plain = await client.post("/api/v1/admin/queues", headers=admin, json={"name": "Ohne Adresse", "group": "users"})
    assert plain.status_code == 201, plain.text
    assert len(await _snapshots(database)) == 1  # no address, nothing to tell

    created = await client.post(
        "/api/v1/admin/queues",
        headers=admin,
        json={"name": "Abteilung Basketball", "group": "users", "address": "Basketball@Neudorf.example"},
    )
    assert created.status_code == 201, created.text
    first, second = await _snapshots(database)
    assert second.addresses == sorted([*ADDRESSES, "basketball@neudorf.example"])
    assert second.as_of > first.as_of


async def test_an_address_of_an_invalid_queue_or_an_invalid_address_is_not_announced(database, settings):
    await load_demo(database, settings)
    async with TicketsUnitOfWork(database) as uow:
        await uow.session.execute(
            update(directory_tables.queues).where(directory_tables.queues.c.name == "Materialwart").values(valid=False)
        )
        await uow.session.execute(
            update(directory_tables.system_addresses)
            .where(directory_tables.system_addresses.c.address == "presse@neudorf.example")
            .values(valid=False)
        )
        await announce(uow)
        await uow.commit()
    latest = (await _snapshots(database))[-1]
    assert latest.addresses == sorted(set(ADDRESSES) - {"material@neudorf.example", "presse@neudorf.example"})


async def test_the_service_announces_once_when_it_starts(service, database, settings):
    await load_demo(database, settings)
    runtime = Runtime([service], InProcessBus())
    await runtime.start()
    await runtime.stop()
    demo, at_start = await _snapshots(database)
    assert at_start.addresses == demo.addresses and at_start.as_of > demo.as_of


async def test_admin_changes_of_addresses_and_queue_validity_announce_the_new_list(client, database, settings):
    """Every admin route that changes where mail may go announces: address create/update, queue valid/invalid."""
    await load_demo(database, settings)
    admin = await login(client, "admin")
    queues = (await client.get("/api/v1/admin/queues", headers=admin)).json()
    material = next(q for q in queues if q["name"] == "Materialwart")

    created = await client.post(
        "/api/v1/admin/system-addresses",
        headers=admin,
        json={"address": "Geraete@Neudorf.example", "queue_id": material["id"]},
    )
    assert created.status_code == 201, created.text
    assert "geraete@neudorf.example" in (await _snapshots(database))[-1].addresses

    retired = await client.patch(
        f"/api/v1/admin/system-addresses/{created.json()['id']}", headers=admin, json={"valid": False}
    )
    assert retired.status_code == 204, retired.text
    assert "geraete@neudorf.example" not in (await _snapshots(database))[-1].addresses

    closed = await client.patch(f"/api/v1/admin/queues/{material['id']}", headers=admin, json={"valid": False})
    assert closed.status_code == 204, closed.text
    assert "material@neudorf.example" not in (await _snapshots(database))[-1].addresses
    reopened = await client.patch(f"/api/v1/admin/queues/{material['id']}", headers=admin, json={"valid": True})
    assert reopened.status_code == 204, reopened.text
    assert "material@neudorf.example" in (await _snapshots(database))[-1].addresses


async def test_the_queue_patch_changes_the_new_ticket_response_and_keeps_the_other_kinds(client, database, settings):
    await load_demo(database, settings)
    admin = await login(client, "admin")
    queue = next(
        q for q in (await client.get("/api/v1/admin/queues", headers=admin)).json() if q["name"] == "Allgemein"
    )
    before = (await client.get(f"/api/v1/admin/queues/{queue['id']}/auto-responses", headers=admin)).json()

    changed = await client.patch(
        f"/api/v1/admin/queues/{queue['id']}", headers=admin, json={"auto_response": "Danke, {{ ticket.number }}."}
    )
    assert changed.status_code == 204, changed.text
    after = (await client.get(f"/api/v1/admin/queues/{queue['id']}/auto-responses", headers=admin)).json()
    assert after["new"]["body"] == "Danke, {{ ticket.number }}."
    assert {k: v for k, v in after.items() if k != "new"} == {k: v for k, v in before.items() if k != "new"}

    broken = await client.patch(f"/api/v1/admin/queues/{queue['id']}", headers=admin, json={"auto_response": "{{ x"})
    assert broken.status_code == 422, broken.text
