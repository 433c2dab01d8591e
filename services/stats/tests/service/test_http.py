"""The analyst API on PostgreSQL: identity decides which queues appear, anywhere."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from services.stats.tests.events import article, created, utc
from services.stats.tests.service.conftest import SECRET
from shared.identity import HEADER, Identity, sign_identity

ALLGEMEIN, VORSTAND, SCHATZMEISTER = 1, 2, 3
URL = "/api/v1/stats/tickets-per-queue"


def _as(*queue_ids: int, secret: str = SECRET, is_admin: bool = False) -> dict[str, str]:
    identity = Identity(kind="agent", login="buchhaltung", is_admin=is_admin, readable_queue_ids=list(queue_ids))
    return {HEADER: sign_identity(identity, secret)}


@pytest.fixture
async def client(pg_url, start_stats):  # type: ignore[no-untyped-def]
    stats = await start_stats(pg_url)
    handle = stats.handlers.handle
    await handle(created(1, ALLGEMEIN, "Allgemein", utc(27)))
    await handle(created(2, VORSTAND, "Vorstand", utc(28)))
    await handle(created(3, SCHATZMEISTER, "Vorstand::Schatzmeister", utc(28)))
    await handle(created(4, SCHATZMEISTER, "Vorstand::Schatzmeister", utc(29)))
    await stats.handlers.handle(article(2, VORSTAND, "Vorstand", utc(29)))
    await stats.handlers.handle(article(4, SCHATZMEISTER, "Vorstand::Schatzmeister", utc(29)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=stats.app), base_url="http://stats") as client:
        yield client


async def test_the_bookkeeper_sees_only_the_treasurer_queue_in_json(client) -> None:
    response = await client.get(URL, params={"from": "2026-11-01", "to": "2026-11-30"}, headers=_as(SCHATZMEISTER))

    assert response.status_code == 200
    assert response.json() == {
        "rows": [
            {
                "day": "2026-11-28",
                "queue_id": 3,
                "queue": "Vorstand::Schatzmeister",
                "count": 1,
                "closed": 0,
                "moved_in": 0,
                "moved_out": 0,
            },
            {
                "day": "2026-11-29",
                "queue_id": 3,
                "queue": "Vorstand::Schatzmeister",
                "count": 1,
                "closed": 0,
                "moved_in": 0,
                "moved_out": 0,
            },
        ],
        "total": 2,
    }


async def test_the_bookkeeper_sees_only_the_treasurer_queue_in_csv(client) -> None:
    response = await client.get(URL, params={"format": "csv"}, headers=_as(SCHATZMEISTER))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.text)))
    assert lines == [
        ["day", "queue_id", "queue", "count", "closed", "moved_in", "moved_out"],
        ["2026-11-28", "3", "Vorstand::Schatzmeister", "1", "0", "0", "0"],
        ["2026-11-29", "3", "Vorstand::Schatzmeister", "1", "0", "0", "0"],
    ]
    assert "Vorstand," not in response.text and "Allgemein" not in response.text


async def test_an_admin_sees_the_queues_the_identity_carries_and_no_more(client) -> None:
    response = await client.get(URL, params={"to": "2026-11-28"}, headers=_as(ALLGEMEIN, VORSTAND, is_admin=True))

    assert [(r["day"], r["queue"]) for r in response.json()["rows"]] == [
        ("2026-11-27", "Allgemein"),
        ("2026-11-28", "Vorstand"),
    ]
    assert response.json()["total"] == 2


async def test_without_or_with_a_forged_identity_the_answer_is_401(client) -> None:
    for headers in ({}, _as(SCHATZMEISTER, secret="guessed"), {HEADER: "garbage"}):
        response = await client.get(URL, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == "Unauthorized"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01"},
        {"to": "28.11.2026"},
        {"from": "yesterday"},
        {"from": "2026-11-29", "to": "2026-11-28"},
        {"format": "xlsx"},
    ],
)
async def test_bad_parameters_are_a_422_problem(client, params) -> None:
    response = await client.get(URL, params=params, headers=_as(SCHATZMEISTER))

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 422


async def test_articles_per_queue_is_filtered_the_same_way(client) -> None:
    response = await client.get("/api/v1/stats/articles-per-queue", headers=_as(SCHATZMEISTER))
    assert response.status_code == 200
    assert response.json() == {
        "rows": [{"day": "2026-11-29", "queue_id": 3, "queue": "Vorstand::Schatzmeister", "count": 1}],
        "total": 1,
    }
