"""What an operator runs beside a running system: the MTA pipe, mailbox imports
(each message once, however often the import runs) and the search index rebuild."""

from __future__ import annotations

import asyncio
import mailbox
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail
from tests.e2e.system import run_cli, umlauf
from tests.support import wait_until


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with start_embedded(tmp_path_factory.mktemp("operator")) as running:
        yield running


async def _titles(api: httpx.AsyncClient, word: str) -> list[str]:
    items = (await api.get("/tickets", params={"q": word, "limit": 100})).json()["items"]
    return sorted(item["title"] for item in items)


async def test_pipe_stores_a_mail_from_an_mta(system: Embedded) -> None:
    mail = donation_mail(subject="Über die Pipe gekommen Pipeline")
    done = await asyncio.to_thread(
        subprocess.run,
        umlauf("ingest", "pipe", "--sender", "spender@example.org", "info@neudorf.example"),
        input=mail.as_bytes(),
        env=system.env,
        cwd=system.workdir,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    async with system.api() as api:
        assert await wait_until(lambda: _titles(api, "Pipeline"), within=20) == ["Über die Pipe gekommen Pipeline"]


def test_pipe_asks_the_mta_to_bounce_a_mail_over_the_size_limit(system: Embedded) -> None:
    big = donation_mail(subject="Zu groß für die Pipe", body="x" * (3 * 1024 * 1024))
    done = subprocess.run(
        umlauf("ingest", "pipe"),
        input=big.as_bytes(),
        env=system.env,
        cwd=system.workdir,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 65  # EX_DATAERR: the MTA bounces it


async def test_an_mbox_import_stores_each_message_once_however_often_it_runs(system: Embedded) -> None:
    path = system.workdir / "archiv.mbox"
    box = mailbox.mbox(path)
    for i in range(3):
        dated = {"Date": f"0{i} Apr 2019 09:30:00 +0200"} if i else {}  # the first has no Date
        box.add(donation_mail(subject=f"Archivmail {i}", sender=f"alt{i}@example.org", headers=dated))
    box.flush()
    first = run_cli(system.env, system.workdir, "import", "mbox", str(path), "--to", "info@neudorf.example")
    again = run_cli(system.env, system.workdir, "import", "mbox", str(path), "--to", "info@neudorf.example")
    assert "imported 3, already there 0" in first
    assert "imported 0, already there 3" in again
    assert "keeps its own date" in first and "no auto-responses" in first
    async with system.api() as api:
        expected = [f"Archivmail {i}" for i in range(3)]

        async def all_there() -> bool:
            return await _titles(api, "Archivmail") == expected

        assert await wait_until(all_there, within=30)
        items = (await api.get("/tickets", params={"q": "Archivmail", "limit": 100})).json()["items"]
        created = {item["title"]: item["created_at"][:10] for item in items}
        assert (created["Archivmail 1"], created["Archivmail 2"]) == ("2019-04-01", "2019-04-02")
        assert created["Archivmail 0"] > "2019-04-02"  # no Date header: the time of the import
    await _no_mail_to(system, [f"alt{i}@example.org" for i in range(3)])


async def _no_mail_to(system: Embedded, senders: list[str]) -> None:
    """A live mail sent after the import is answered; the imported senders never are."""
    control = donation_mail(subject="Kontrolle nach dem Import", sender="kontrolle@example.org")
    done = await asyncio.to_thread(
        subprocess.run,
        umlauf("ingest", "pipe", "info@neudorf.example"),
        input=control.as_bytes(),
        env=system.env,
        cwd=system.workdir,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr

    async def answered() -> bool:
        return any("kontrolle@example.org" in str(mail["To"]) for mail in system.outbox())

    assert await wait_until(answered, within=30)
    assert not [mail for mail in system.outbox() if any(sender in str(mail["To"]) for sender in senders)]


async def test_an_archive_is_imported_as_closed_tickets(system: Embedded) -> None:
    path = system.workdir / "geschlossen.mbox"
    box = mailbox.mbox(path)
    box.add(
        donation_mail(
            subject="Altakte Zuschuss", sender="akte@example.org", headers={"Date": "Tue, 1 Oct 2019 12:00:00 +0000"}
        )
    )
    box.flush()
    out = run_cli(
        system.env, system.workdir, "import", "mbox", str(path), "--to", "info@neudorf.example", "--state", "closed"
    )
    assert "imported 1" in out and "new tickets are closed" in out
    async with system.api() as api:

        async def imported() -> list[dict]:
            return (await api.get("/tickets", params={"q": "Altakte", "limit": 10})).json()["items"]

        assert await wait_until(imported, within=30)
        [ticket] = await imported()
        assert (ticket["state_type"], ticket["created_at"][:10]) == ("closed", "2019-10-01")


def test_the_search_index_can_be_rebuilt(system: Embedded) -> None:
    out = run_cli(system.env, system.workdir, "search", "rebuild")
    assert out.startswith("indexed ") and int(out.split()[1]) >= 1
