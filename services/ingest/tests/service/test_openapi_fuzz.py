"""Schemathesis against ingest's admin API (uvicorn on a free port, SQLite behind it).

Every operation, with generated input and an administrator's identity: no 500,
and every response matches the OpenAPI document. Only the HTTP app runs: no
poller, so generated accounts connect nowhere.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from services.ingest import main
from services.ingest.settings import IngestSettings
from shared.identity import HEADER, Identity, sign_identity
from shared.migrations import upgrade
from tests.support import free_port

# Fuzzing every operation takes minutes on two busy cores.
pytestmark = pytest.mark.timeout(900)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


class LiveIngest(threading.Thread):
    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self.settings = IngestSettings(ingest_database_url=f"sqlite+aiosqlite:///{db_path}", secret_key="fuzz")
        self.port = free_port()
        self.ready = threading.Event()
        self.server: uvicorn.Server | None = None

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        url = self.settings.database_url("ingest")
        await asyncio.to_thread(upgrade, main.MIGRATIONS, url)
        service = main.build(self.settings)
        self.server = uvicorn.Server(
            uvicorn.Config(service.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.ready.set()
        await self.server.serve()
        await service.database.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveIngest]:
    server = LiveIngest(tmp_path_factory.mktemp("fuzz") / "ingest.db")
    server.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (
                server.ready.is_set()
                and httpx.get(f"http://127.0.0.1:{server.port}/openapi.json", timeout=1).is_success
            ):
                break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    else:
        raise AssertionError("the ingest app did not come up")
    yield server
    assert server.server is not None
    server.server.should_exit = True
    server.join(10)


def test_no_server_error_and_responses_match_the_document(live: LiveIngest) -> None:
    api = schemathesis.openapi.from_url(f"http://127.0.0.1:{live.port}/openapi.json")
    identity = sign_identity(Identity(kind="agent", login="admin", is_admin=True), live.settings.secret_key)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 13
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=f"http://127.0.0.1:{live.port}", headers={HEADER: identity}, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # every operation's failure, reported together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
