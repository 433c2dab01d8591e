"""Admin pages in front of the real ingest and notify services: mail accounts, postmaster filters,
the inbound and the outgoing mail log. Ingest decides who is an administrator, not the gateway."""

from __future__ import annotations

import io
import re

import httpx

from services.gateway.tests.system import form_token, log_in
from services.ingest.entrypoints.pipe import pipe
from services.ingest.settings import IngestSettings
from tests.support import free_port, wait_until

SITE = {"Origin": "http://gateway.test"}
ACCOUNT = {
    "name": "Vereinspostfach",
    "protocol": "imap",
    "host": "127.0.0.1",
    "security": "tls",
    "verify_tls": "on",
    "username": "verein",
    "password": "Geheim-Postfach-42",
    "folder": "INBOX",
    "after_fetch": "delete",
    "queue": "Allgemein",
    "poll_interval": "60",
}


async def _post(client: httpx.AsyncClient, page: str, path: str, data: dict[str, str]) -> httpx.Response:
    token = form_token((await client.get(page)).text)
    return await client.post(path, data={**data, "csrf_token": token}, headers=SITE)


def _ids(html: str, kind: str) -> list[int]:
    return [int(found) for found in re.findall(rf'href="/admin/{kind}/(\d+)"', html)]


async def test_an_administrator_creates_edits_and_deletes_a_mail_account(with_mail) -> None:
    async with with_mail.browser() as admin:
        await log_in(admin, "admin")
        page = await admin.get("/admin/accounts")
        assert page.status_code == 200 and "Noch keine E-Mail-Konten" in page.text
        assert 'href="/admin"' in (await admin.get("/queues")).text  # the Admin link
        overview = await admin.get("/admin")
        assert overview.status_code == 200 and 'href="/admin/accounts">E-Mail-Konten</a>' in overview.text

        no_password = await _post(
            admin, "/admin/accounts", "/admin/accounts", {**ACCOUNT, "port": "993", "password": ""}
        )
        assert no_password.status_code == 422 and "Passwort des Postfachs" in no_password.text
        created = await _post(admin, "/admin/accounts", "/admin/accounts", {**ACCOUNT, "port": str(free_port())})
        assert created.status_code == 303 and created.headers["location"] == "/admin/accounts"
        page = await admin.get("/admin/accounts")
        assert "Vereinspostfach" in page.text and "Geheim-Postfach-42" not in page.text
        [account_id] = _ids(page.text, "accounts")

        edit_page = await admin.get(f"/admin/accounts/{account_id}")
        assert 'value="verein"' in edit_page.text and "Geheim-Postfach-42" not in edit_page.text
        renamed = {**ACCOUNT, "name": "Kassenpostfach", "port": "993", "password": ""}
        edited = await _post(admin, f"/admin/accounts/{account_id}", f"/admin/accounts/{account_id}", renamed)
        assert edited.status_code == 303
        page = await admin.get("/admin/accounts")
        assert "Kassenpostfach" in page.text and "Vereinspostfach" not in page.text

        bad_port = await _post(admin, "/admin/accounts", "/admin/accounts", {**ACCOUNT, "port": "70000"})
        assert bad_port.status_code == 422 and "Einige Angaben sind ungültig" in bad_port.text
        taken = await _post(
            admin, "/admin/accounts", "/admin/accounts", {**ACCOUNT, "name": "Kassenpostfach", "port": "1"}
        )
        assert taken.status_code == 409

        deleted = await _post(admin, "/admin/accounts", f"/admin/accounts/{account_id}/delete", {})
        assert deleted.status_code == 303
        assert _ids((await admin.get("/admin/accounts")).text, "accounts") == []


async def test_postmaster_filters_are_listed_by_position_and_a_bad_pattern_is_refused(with_mail) -> None:
    async with with_mail.browser() as admin:
        await log_in(admin, "admin")
        for name, position in (("Spam", "20"), ("Bank", "10")):
            created = await _post(
                admin,
                "/admin/filters",
                "/admin/filters",
                {
                    "name": name,
                    "position": position,
                    "enabled": "on",
                    "matches": "From ~ @bank\\.example$\nSubject !~ Werbung",
                    "queue": "Vorstand::Schatzmeister",
                    "priority": "4",
                },
            )
            assert created.status_code == 303, created.text
        page = (await admin.get("/admin/filters")).text
        assert page.index("Bank") < page.index("Spam")
        bank_id = _ids(page, "filters")[0]
        edit_page = (await admin.get(f"/admin/filters/{bank_id}")).text
        assert "Subject !~ Werbung" in edit_page and 'value="Vorstand::Schatzmeister"' in edit_page

        bad = await _post(
            admin, "/admin/filters", "/admin/filters", {"name": "Kaputt", "position": "1", "matches": "From ~ ("}
        )
        assert bad.status_code == 422 and "regular expression" in bad.text
        unparsable = await _post(
            admin, "/admin/filters", "/admin/filters", {"name": "X", "position": "1", "matches": "nur Text"}
        )
        assert unparsable.status_code == 422 and "Feld ~ Muster" in unparsable.text

        moved = await _post(
            admin,
            f"/admin/filters/{bank_id}",
            f"/admin/filters/{bank_id}",
            {"name": "Bank", "position": "30", "matches": "From ~ bank", "enabled": "on"},
        )
        assert moved.status_code == 303
        page = (await admin.get("/admin/filters")).text
        assert page.index("Spam") < page.index("Bank") and "Kaputt" not in page
        await _post(admin, "/admin/filters", f"/admin/filters/{bank_id}/delete", {})
        assert (
            _ids((await admin.get("/admin/filters")).text, "filters") != []
            and "Bank" not in (await admin.get("/admin/filters")).text
        )


async def test_an_agent_who_is_no_administrator_is_refused_by_ingest(with_mail) -> None:
    async with with_mail.browser() as agent:
        await log_in(agent, "jugend")
        assert 'href="/admin' not in (await agent.get("/queues")).text
        for path in ("/admin", "/admin/accounts", "/admin/filters", "/admin/mail-log", "/admin/outgoing"):
            assert (await agent.get(path)).status_code == 403, path
        token = form_token((await agent.get("/queues")).text)
        refused = await agent.post(
            "/admin/filters",
            data={"name": "X", "position": "1", "matches": "From ~ a", "csrf_token": token},
            headers=SITE,
        )
        assert refused.status_code == 403
    async with with_mail.browser() as admin:
        await log_in(admin, "admin")
        assert "X" not in re.findall(r'href="/admin/filters/\d+">([^<]+)<', (await admin.get("/admin/filters")).text)


async def test_the_inbound_mail_log_shows_status_and_sender_and_gives_the_raw_message(with_mail) -> None:
    mail = (
        b"From: kassierer@bank.example\r\nTo: kasse@neudorf.example\r\nSubject: Kontoauszug\r\n"
        b"Message-ID: <k1@bank.example>\r\n\r\nSaldo.\r\n"
    )
    assert (
        await pipe(
            IngestSettings.of(with_mail.settings),
            io.BytesIO(mail),
            envelope_from="kassierer@bank.example",
            envelope_to=["kasse@neudorf.example"],
        )
        == 0
    )
    async with with_mail.browser() as admin:
        await log_in(admin, "admin")
        page = await admin.get("/admin/mail-log")
        assert (
            page.status_code == 200 and "kassierer@bank.example" in page.text and "kasse@neudorf.example" in page.text
        )
        assert "kassierer@bank.example" not in (await admin.get("/admin/mail-log?status=ignored")).text

        [raw_path] = re.findall(r'href="(/admin/mail-log/[0-9a-f-]{36}/raw)"', page.text)
        raw = await admin.get(raw_path)
        assert raw.status_code == 200 and raw.content == mail
        assert raw.headers["content-type"] == "message/rfc822"
        assert raw.headers["content-disposition"].startswith("attachment;")
        assert "sandbox" in raw.headers["content-security-policy"]
        assert (await admin.get("/admin/mail-log/kein-uuid/raw")).status_code == 422
        missing = raw_path.replace(raw_path[15:51], "00000000-0000-0000-0000-000000000000")
        assert (await admin.get(missing)).status_code == 404
    async with with_mail.browser() as agent:
        await log_in(agent, "jugend")
        assert (await agent.get(raw_path)).status_code == 403


async def test_the_outgoing_mail_log_and_the_ticket_zoom_show_a_sent_reply(with_mail) -> None:
    token = await with_mail.api_token("admin")
    api = {"Authorization": f"Bearer {token}"}
    tickets = (await with_mail.tickets_http.get("/api/v1/tickets", params={"q": "Basketballkorb"}, headers=api)).json()
    number = tickets["items"][0]["number"]
    reply = await with_mail.tickets_http.post(
        f"/api/v1/tickets/{number}/reply", json={"body_text": "Danke für den Korb!"}, headers=api
    )
    assert reply.status_code in (200, 201), reply.text
    async with with_mail.browser() as admin:
        await log_in(admin, "admin")

        async def listed() -> str | None:
            page = (await admin.get("/admin/outgoing")).text
            return page if "spender@example.org" in page else None

        page = await wait_until(listed, within=20)
        assert "Basketballkorb" in page
        zoom = (await admin.get(f"/tickets/{number}")).text
        assert 'id="mails"' in zoom and "spender@example.org" in zoom
