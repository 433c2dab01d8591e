"""The services' compose healthcheck commands fail on 503 and pass on 200.

``/readyz`` answers 503 while a dependency is down; the healthcheck (plain Python, the
slim image has no curl) must turn that into a non-zero exit, or ``depends_on:
service_healthy`` would start the gateway before tickets can serve it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support import free_port


class _Readyz(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/readyz" else 404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def readyz() -> Iterator[tuple[int, type[_Readyz]]]:
    handler = type("Readyz", (_Readyz,), {})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler
    finally:
        server.shutdown()
        server.server_close()


def test_healthcheck_exit_code_follows_readiness(
    umlauf_services: dict[str, dict[str, Any]], readyz: tuple[int, type[_Readyz]]
) -> None:
    port, handler = readyz
    for name, service in umlauf_services.items():
        kind, _python, flag, code = service["healthcheck"]["test"]
        service_port = code.split("127.0.0.1:", 1)[1].split("/", 1)[0]
        command = [sys.executable, flag, code.replace(f"127.0.0.1:{service_port}/", f"127.0.0.1:{port}/")]
        for status, healthy in [(200, True), (503, False)]:
            handler.status = status
            result = subprocess.run(command, capture_output=True, timeout=30)
            assert (result.returncode == 0) is healthy, f"{name} with /readyz {status}"
        assert kind == "CMD"
