"""``/api/v1/stats`` through the gateway: the real stats service, fed by the tickets service's events,
answers for the identity tickets signs for the caller's bearer token."""

import httpx

from tests.support import wait_until

REPORT = "/api/v1/stats/tickets-per-queue"


async def _report(client: httpx.AsyncClient, token: str | None, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.get(REPORT, params=params, headers=headers)


async def test_stats_answer_for_the_caller_and_only_for_what_they_may_read(with_stats):
    admin, bookkeeper = await with_stats.api_token("admin"), await with_stats.api_token("buchhaltung")
    async with with_stats.browser() as client:

        async def all_counted() -> bool:
            return (await _report(client, admin)).json().get("total") == 3

        await wait_until(all_counted, within=20)
        everything = (await _report(client, admin)).json()
        assert {row["queue"] for row in everything["rows"]} == {"Allgemein", "Vorstand", "Vorstand::Schatzmeister"}

        own = (await _report(client, bookkeeper)).json()
        assert [row["queue"] for row in own["rows"]] == ["Vorstand::Schatzmeister"] and own["total"] == 1

        csv = await _report(client, bookkeeper, format="csv")
        assert csv.headers["content-type"].startswith("text/csv")
        assert "Vorstand::Schatzmeister" in csv.text and "Allgemein" not in csv.text


async def test_stats_without_a_valid_token_or_with_a_forged_identity(with_stats):
    async with with_stats.browser() as client:
        anonymous = await _report(client, None)
        assert anonymous.status_code == 401 and anonymous.headers["content-type"] == "application/problem+json"
        assert (await _report(client, "not-a-token")).status_code == 401
        forged = await client.get(REPORT, headers={"X-Umlauf-Identity": "forged"})
        assert forged.status_code == 401
        bad = await _report(client, await with_stats.api_token("admin"), **{"from": "2026-12-01", "to": "2026-11-01"})
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


async def test_the_api_document_includes_the_stats_operations(with_stats):
    async with with_stats.browser() as client:
        paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
        docs = (await client.get("/api/docs")).text
    assert REPORT in paths and "/api/v1/tickets/{number}" in paths
    assert REPORT in docs


async def test_the_identity_is_asked_once_per_caller_and_ends_with_his_session(with_stats):
    asked: list[str] = []

    async def note(request: httpx.Request) -> None:
        if request.url.path == "/api/v1/auth/identity":
            asked.append(request.headers["authorization"])

    with_stats.gateway.app.state.gateway.tickets_http.event_hooks["request"].append(note)
    async with with_stats.browser() as client:
        login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        token = login.json()["token"]
        other = await with_stats.api_token("buchhaltung")
        for caller in (token, token, other, token, other):
            assert (await _report(client, caller)).status_code == 200
        assert sorted(asked) == sorted([f"Bearer {token}", f"Bearer {other}"])

        assert (
            await client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
        ).status_code == 204
        after = await _report(client, token)
        assert after.status_code == 401  # tickets was asked again and refused: no kept identity outlives a logout
        assert asked[-1] == f"Bearer {token}"
