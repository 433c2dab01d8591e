"""The mail log over HTTP, filtered by the caller's signed identity."""

from __future__ import annotations

import httpx

from services.notify.tests.events import article_added
from shared.identity import HEADER, Identity, sign_identity


def _client(notify) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=notify.service.app), base_url="http://notify")


def _identity(*queue_ids: int, secret: str = "test-secret") -> dict[str, str]:
    identity = Identity(kind="agent", login="buchhaltung", readable_queue_ids=list(queue_ids))
    return {HEADER: sign_identity(identity, secret)}


async def test_lists_only_mails_of_readable_queues(pg_url, start_notify) -> None:
    notify = await start_notify(pg_url)
    await notify.handle(article_added(ticket_id=1, article_id=10, queue_id=3))
    await notify.handle(article_added(ticket_id=2, article_id=20, queue_id=4))

    async with _client(notify) as client:
        everything = await client.get("/api/v1/notify/mails", headers=_identity(3, 4))
        only_three = await client.get("/api/v1/notify/mails", headers=_identity(3))
        by_ticket = await client.get("/api/v1/notify/mails", params={"ticket_id": 2}, headers=_identity(3, 4))
        hidden_ticket = await client.get("/api/v1/notify/mails", params={"ticket_id": 2}, headers=_identity(3))

    assert everything.status_code == 200, everything.text
    assert [m["article_id"] for m in everything.json()["mails"]] == [10, 20]
    assert [m["article_id"] for m in only_three.json()["mails"]] == [10]
    [mail] = by_ticket.json()["mails"]
    assert mail["ticket_id"] == 2 and mail["to"] == ["donor@example.org"] and mail["purpose"] == "article"
    assert "raw" not in mail
    assert hidden_ticket.json() == {"mails": []}


async def test_without_a_valid_identity_the_answer_is_401_problem(pg_url, start_notify) -> None:
    notify = await start_notify(pg_url)
    async with _client(notify) as client:
        missing = await client.get("/api/v1/notify/mails")
        forged = await client.get("/api/v1/notify/mails", headers=_identity(1, secret="not-the-secret"))

    for response in (missing, forged):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 401


async def test_a_bad_ticket_id_is_a_422_problem(pg_url, start_notify) -> None:
    notify = await start_notify(pg_url)
    async with _client(notify) as client:
        response = await client.get("/api/v1/notify/mails", params={"ticket_id": "abc"}, headers=_identity(1))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
