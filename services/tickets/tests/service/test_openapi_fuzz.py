"""Schemathesis against the tickets API (served by uvicorn on a free port, on SQLite and on PostgreSQL).

Every operation of the OpenAPI document, with generated input and a valid admin
token: no 500, and every response matches the document.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from services.tickets import main
from services.tickets.admin import create_api_token, load_demo
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import mail
from shared.migrations import upgrade
from tests.support import free_port

# Fuzzing every operation takes minutes on two busy cores; a timeout cutting hypothesis off
# mid-example reports a misleading 'inconsistent data generation'.
pytestmark = pytest.mark.timeout(900)

# No 500, and every status, content type, header and body as documented. Not "every schema-valid request is
# accepted": the API validates more than a schema can say (base64 content, an existing state, a pending time).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


class LiveTickets(threading.Thread):
    """The tickets app in its own thread and event loop, as ``umlauf serve tickets`` would run it."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.port = free_port()
        self.token = ""
        self.server: uvicorn.Server | None = None

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        await asyncio.to_thread(upgrade, main.MIGRATIONS, self.url)
        config = TicketsSettings(tickets_database_url=self.url)
        service = main.build(config)
        await load_demo(service.database, config)
        await service.handlers.handle(mail())
        self.token = await create_api_token(service.database, "admin", days=1)
        self.server = uvicorn.Server(
            uvicorn.Config(service.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        await self.server.serve()
        await service.database.dispose()


@pytest.fixture
def live(any_db_url: str) -> Iterator[LiveTickets]:
    server = LiveTickets(any_db_url)
    server.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if server.token and httpx.get(f"http://127.0.0.1:{server.port}/openapi.json", timeout=1).is_success:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    else:
        raise AssertionError("the tickets app did not come up")
    yield server
    assert server.server is not None
    server.server.should_exit = True
    server.join(10)


def test_no_server_error_and_responses_match_the_document(live: LiveTickets) -> None:
    api = schemathesis.openapi.from_url(f"http://127.0.0.1:{live.port}/openapi.json")
    headers = {"Authorization": f"Bearer {live.token}"}
    # Logout would revoke the token every other operation uses; it has its own test.
    operations = [r.ok() for r in api.get_all_operations() if r.ok().path != "/api/v1/auth/logout"]
    assert len(operations) >= 19
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=f"http://127.0.0.1:{live.port}", headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
