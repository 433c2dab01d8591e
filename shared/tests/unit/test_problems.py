"""``install_problem_handlers``: a service's domain errors, HTTP errors and invalid requests as one body."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, HTTPException

from shared.problems import ProblemError, install_problem_handlers


class Missing(Exception):
    pass


class MissingTicket(Missing):
    pass


class Taken(Exception):
    pass


def _app(**options: object) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app, {Missing: 404, Taken: 409}, **options)  # type: ignore[arg-type]

    @app.get("/tickets/{number}")
    async def ticket(number: int) -> None:
        raise MissingTicket(f"no ticket {number}")

    @app.post("/groups")
    async def group() -> None:
        raise Taken("group 'kasse' exists")

    @app.get("/login")
    async def login() -> None:
        raise HTTPException(401, "token expired")

    @app.get("/report")
    async def report() -> None:
        raise ProblemError(422, "'from' is after 'to'", code="backwards")

    return app


async def _get(app: FastAPI, method: str, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as client:
        return await client.request(method, path)


async def test_a_domain_error_takes_the_status_of_its_nearest_mapped_class() -> None:
    response = await _get(_app(), "GET", "/tickets/7")

    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no ticket 7"}


async def test_members_extend_the_body_and_may_set_its_type() -> None:
    app = _app(members=lambda exc: {"type": "urn:umlauf:problem:already-exists", "code": "already-exists"})

    body = (await _get(app, "POST", "/groups")).json()

    assert body["type"] == "urn:umlauf:problem:already-exists" and body["code"] == "already-exists"
    assert (body["status"], body["title"], body["detail"]) == (409, "Conflict", "group 'kasse' exists")


async def test_invalid_requests_list_their_fields_and_raised_problems_keep_their_members() -> None:
    invalid = (await _get(_app(), "GET", "/tickets/seven")).json()
    raised = (await _get(_app(), "GET", "/report")).json()

    assert invalid["detail"] == "the request is not valid"
    assert [(e["loc"], e["type"]) for e in invalid["errors"]] == [(["path", "number"], "int_parsing")]
    assert raised == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "'from' is after 'to'",
        "code": "backwards",
    }


async def test_a_401_names_the_challenge_only_where_the_service_takes_one() -> None:
    bearer = await _get(_app(challenge="Bearer"), "GET", "/login")
    plain = await _get(_app(), "GET", "/login")

    assert bearer.headers["www-authenticate"] == "Bearer" and bearer.json()["detail"] == "token expired"
    assert "www-authenticate" not in plain.headers and plain.status_code == 401
    assert (await _get(_app(), "DELETE", "/login")).json()["status"] == 405
