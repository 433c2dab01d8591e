"""Calling ingest's admin API in tests: a signed identity, and a mail account body for the test Dovecot."""

from __future__ import annotations

import httpx

from services.ingest.tests.service.conftest import RunningIngest
from services.ingest.tests.service.dovecot import PASSWORD, USER, Dovecot
from shared.identity import HEADER, Identity, sign_identity


def admin_client(ingest: RunningIngest, *, admin: bool = True) -> httpx.AsyncClient:
    identity = Identity(kind="agent", login="admin" if admin else "buchhaltung", is_admin=admin)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=ingest.service.app),
        base_url="http://ingest",
        headers={HEADER: sign_identity(identity, ingest.settings.secret_key)},
    )


def account_body(server: Dovecot, protocol: str, **extra: object) -> dict[str, object]:
    port = server.imap_port if protocol == "imap" else server.pop3_port
    body = dict(
        name=f"Vereinspost {protocol}",
        protocol=protocol,
        host="127.0.0.1",
        port=port,
        security="none",
        username=USER,
        password=PASSWORD,
        queue="Allgemein",
        poll_interval=1,
    )
    return body | extra
