"""The public REST API: ``/api/v1`` forwarded to tickets, ``/api/v1/stats`` to stats, ``/api/v1/ingest`` to ingest.

The gateway decides nothing here: tickets checks the bearer token; for stats and ingest
the gateway first asks tickets for a signed identity of the caller and passes that on.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from services.gateway.adapters.identity_client import IdentityRefused
from services.gateway.adapters.tickets_client import TicketsUnavailable
from services.gateway.app.commands import CheckLoginThrottle, RecordFailedLogin
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.proxy import forward
from shared.identity import HEADER as IDENTITY_HEADER
from shared.problems import problem_response

router = APIRouter()

_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_OPENAPI_PATH = "/api/v1/openapi.json"
_SERVICE_OPENAPI_PATH = "/openapi.json"  # where FastAPI serves each service's own document


async def _fetch_json(client: httpx.AsyncClient, path: str) -> dict[str, Any] | None:
    try:
        response = await client.get(path)
    except httpx.TransportError:
        return None
    return response.json() if response.status_code == 200 else None


def _merge(document: dict[str, Any], other: dict[str, Any], prefix: str) -> None:
    document.setdefault("paths", {}).update(
        {path: ops for path, ops in other.get("paths", {}).items() if path.startswith(prefix)}
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in other.get("components", {}).get("schemas", {}).items():
        schemas.setdefault(name, schema)


async def api_document(gateway: GatewayDep) -> dict[str, Any] | None:
    """The tickets API document with the stats and ingest operations merged in (those that answer)."""
    document = await _fetch_json(gateway.tickets_http, _SERVICE_OPENAPI_PATH)
    if document is None:
        return None
    for client, prefix in ((gateway.stats_http, "/api/v1/stats"), (gateway.ingest_http, "/api/v1/ingest")):
        other = await _fetch_json(client, _SERVICE_OPENAPI_PATH)
        if other:
            _merge(document, other, prefix)
    return document


@router.get(_OPENAPI_PATH)
async def openapi(gateway: GatewayDep) -> Response:
    document = await api_document(gateway)
    if document is None:
        return problem_response(503, "The tickets service did not answer.")
    return JSONResponse(document)


@router.get("/api/docs")
async def docs(request: Request, gateway: GatewayDep) -> Response:
    """The operations of the API document as a plain page (Swagger UI would load from a CDN)."""
    document = await api_document(gateway)
    if document is None:
        raise TicketsUnavailable("no API document")
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, item in sorted(document.get("paths", {}).items())
        for method, operation in item.items()
        if method.upper() in _METHODS
    ]
    return gateway.renderer.page(request, "api_docs.html", {"info": document.get("info", {}), "operations": operations})


@router.api_route("/api/v1/stats/{path:path}", methods=_METHODS, include_in_schema=False)
async def stats(request: Request, gateway: GatewayDep, path: str) -> Response:
    return await _with_identity(request, gateway, gateway.stats_http, f"/api/v1/stats/{path}")


@router.api_route("/api/v1/ingest/{path:path}", methods=_METHODS, include_in_schema=False)
async def ingest(request: Request, gateway: GatewayDep, path: str) -> Response:
    return await _with_identity(request, gateway, gateway.ingest_http, f"/api/v1/ingest/{path}")


async def _with_identity(request: Request, gateway: Gateway, client: httpx.AsyncClient, path: str) -> Response:
    """Forward to a service that trusts tickets' signed identity of the caller, not the bearer token."""
    try:
        identity = await gateway.identities.for_authorization(request.headers.get("authorization"))
    except TicketsUnavailable:
        return problem_response(503, "The tickets service did not answer.")
    except IdentityRefused as exc:
        refused = exc.response
        return Response(
            refused.content, status_code=refused.status_code, media_type=refused.headers.get("content-type")
        )
    extra = {IDENTITY_HEADER: identity}
    return await forward(client, _without_authorization(request), path, extra)


@router.post("/api/v1/auth/login", include_in_schema=False)
@router.post("/api/v1/customer/auth/login", include_in_schema=False)
async def login(request: Request, gateway: GatewayDep) -> Response:
    """Forwarded like the rest, but counted: failures from one address are throttled like the login forms'."""
    client = request.client.host if request.client else None
    wait = await gateway.bus.handle(CheckLoginThrottle(client))
    if wait is not None:
        response = problem_response(429, "Too many failed logins from this address; try again later.")
        response.headers["Retry-After"] = str(wait)
        return response
    body = await request.body()  # read once here; forward() streams the same bytes on
    response = await forward(gateway.tickets_http, request, request.url.path)
    if response.status_code == 401:
        await gateway.bus.handle(RecordFailedLogin(client, *_credentials(body)))
    return response


@router.post("/api/v1/auth/logout", include_in_schema=False)
@router.post("/api/v1/customer/auth/logout", include_in_schema=False)
async def logout(request: Request, gateway: GatewayDep) -> Response:
    """Forwarded like the rest; the identity kept for the caller ends with his session."""
    response = await forward(gateway.tickets_http, request, request.url.path)
    authorization = request.headers.get("authorization")
    if response.status_code < 400 and authorization:
        gateway.identities.forget(authorization)
    return response


def _credentials(body: bytes) -> tuple[str, str]:
    """Login and password of a login body; anything else counts as one attempt of its own."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return str(data.get("login", "")), str(data.get("password", ""))
    return "", body.decode("utf-8", "replace")


@router.api_route("/api/v1/{path:path}", methods=_METHODS, include_in_schema=False)
async def tickets(request: Request, gateway: GatewayDep, path: str) -> Response:
    return await forward(gateway.tickets_http, request, f"/api/v1/{path}")


def _without_authorization(request: Request) -> Request:
    """The same request minus its bearer token: the service gets the signed identity, not the secret."""
    scope = dict(request.scope)
    scope["headers"] = [(k, v) for k, v in request.scope["headers"] if k.lower() != b"authorization"]
    return Request(scope, request.receive)
