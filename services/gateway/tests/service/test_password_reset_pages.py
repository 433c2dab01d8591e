"""Password reset through the gateway's pages, for an agent and a portal customer, against the real tickets service."""

import json

import pytest
from sqlalchemy import select

from services.gateway.tests.system import form_token, log_in, portal_log_in
from services.tickets import tables as tickets_tables

ORIGIN = {"Origin": "http://gateway.test"}
SENT = "Falls das Konto existiert, ist eine Mail mit einem Code zum Zurücksetzen unterwegs."


async def _codes(system) -> list[tuple[str, str]]:
    """(recipient, code) of the reset mails tickets has queued for notify."""
    async with system.tickets.database.sessions() as session:
        payloads = (await session.execute(select(tickets_tables.outbox.c.payload))).scalars()
        events = [json.loads(p) for p in payloads]
    mails = [e["data"]["mail"] for e in events if e["type"] == "identity.mail.requested"]
    return [
        (m["to"][0], next(line.strip() for line in m["body_text"].splitlines() if line.startswith("    ")))
        for m in mails
    ]


async def _post(browser, path: str, data: dict[str, str]):
    page = await browser.get(path)
    return await browser.post(path, data=data | {"csrf_token": form_token(page.text)}, headers=ORIGIN)


@pytest.mark.parametrize(
    ("prefix", "login", "address", "log_in_with"),
    [
        pytest.param("", "vorstand", "vorstand@mitglieder.neudorf.example", log_in, id="agent"),
        pytest.param("/portal", "spender", None, portal_log_in, id="customer"),
    ],
)
async def test_a_forgotten_password_is_replaced_with_the_code_from_the_mail(
    system, prefix, login, address, log_in_with
):
    async with system.browser(**{"Accept-Language": "de"}) as browser:
        login_page = await browser.get(f"{prefix}/login")
        assert f'href="{prefix}/password-reset"' in login_page.text
        unknown = await _post(browser, f"{prefix}/password-reset", {"login": "niemand"})
        assert unknown.status_code == 200 and SENT in unknown.text
        assert await _codes(system) == []
        sent = await _post(browser, f"{prefix}/password-reset", {"login": login})
        assert sent.status_code == 200 and SENT in sent.text  # the same page as for nobody
        [(recipient, code)] = await _codes(system)
        if address:
            assert recipient == address

        path = f"{prefix}/password-reset/confirm"
        mismatch = await _post(
            browser, path, {"code": code, "new_password": "ein-neues-kennwort", "new_password_again": "x"}
        )
        assert mismatch.status_code == 422 and "stimmen nicht überein" in mismatch.text
        wrong = await _post(
            browser,
            path,
            {"code": "falsch", "new_password": "ein-neues-kennwort", "new_password_again": "ein-neues-kennwort"},
        )
        assert wrong.status_code == 422 and "ungültig oder abgelaufen" in wrong.text
        done = await _post(
            browser,
            path,
            {"code": code, "new_password": "ein-neues-kennwort", "new_password_again": "ein-neues-kennwort"},
        )
        assert done.status_code == 200 and "Ihr Passwort wurde geändert" in done.text

    async with system.browser() as browser:
        assert (await log_in_with(browser, login)).status_code == 401  # the old password is gone
        assert (await log_in_with(browser, login, "ein-neues-kennwort")).status_code == 303
