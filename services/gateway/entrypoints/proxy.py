"""Forwarding one HTTP request to a service and its answer back, streamed both ways."""

from __future__ import annotations

import httpx
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from shared.identity import HEADER as IDENTITY_HEADER
from shared.problems import problem_response

# Connection-level headers (RFC 9110 §7.6.1) and what the gateway itself decides.
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "cookie",
    "set-cookie",
}


# httpx sets the length (or chunks) of the body it sends; the rest only the gateway may state.
_SET_BY_GATEWAY = {
    "content-length",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "forwarded",
    IDENTITY_HEADER.lower(),
}


def _request_headers(request: Request, extra: dict[str, str]) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP | _SET_BY_GATEWAY}
    if request.client:
        # Replaced, not appended: what a caller claims about earlier hops is not evidence.
        headers["x-forwarded-for"] = request.client.host
    headers["x-forwarded-proto"] = request.url.scheme
    headers.update({k.lower(): v for k, v in extra.items()})
    return headers


def _has_body(request: Request) -> bool:
    return "content-length" in request.headers or "transfer-encoding" in request.headers


async def forward(
    client: httpx.AsyncClient, request: Request, path: str, extra_headers: dict[str, str] | None = None
) -> Response:
    """Send ``request`` to ``path`` on ``client``; status, headers and body come back unchanged."""
    upstream_request = client.build_request(
        request.method,
        httpx.URL(path=path, query=request.url.query.encode()),
        headers=_request_headers(request, extra_headers or {}),
        content=request.stream() if _has_body(request) else None,
    )
    try:
        upstream = await client.send(upstream_request, stream=True)
    except httpx.TransportError:
        return problem_response(503, "The service behind the gateway did not answer.")
    headers = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP}
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        headers=headers,
        background=BackgroundTask(upstream.aclose),
    )
