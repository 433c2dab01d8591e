"""Issue 15's CPU hot spots in tickets, before and after, in one process (no servers needed).

``.venv/bin/python -m bench.hotspots [--quick]`` prints a table:

- an auto-response text compiled for every ticket (``from_string`` each time, as before)
  against the compiled-template cache of ``directory/domain/templates.py``;
- one password verification (what a login costs) with argon2-cffi's default parameters
  (m=64 MiB, t=3, p=4, as before) against ``auth.PASSWORD_HASHING`` (OWASP's m=19 MiB, t=2, p=1).

The third hot spot (a delivery report loading the ticket and its tags) needs the database;
its statements are counted by ``services/tickets/tests/service/test_delivery.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from argon2 import PasswordHasher

from bench.report import Table
from services.tickets.directory.domain import templates
from services.tickets.directory.domain.templates import CustomerVars, QueueVars, TicketVars
from services.tickets.identity.app.auth import PASSWORD_HASHING

TEXT = (
    "Guten Tag {{ customer.name }},\n\nIhre Nachricht ist als Ticket {{ ticket.number }} "
    "({{ ticket.title }}) in der Queue {{ queue.name }} eingegangen. Wir melden uns.\n"
)
VARS = {
    "ticket": TicketVars(number="2026120210000011", title="Drucker druckt nicht"),
    "customer": CustomerVars(email="kunde@example.org", name="Kunde"),
    "queue": QueueVars(name="Raw"),
}


def _median_ms(action: Callable[[], object], repeats: int, per_call: int = 1) -> float:
    """Median over ``repeats`` timings of ``per_call`` calls each, in ms per call."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(per_call):
            action()
        timings.append((time.perf_counter() - start) * 1000 / per_call)
    return statistics.median(timings)


def run(quick: bool) -> Table:
    renders, repeats, logins = (50, 3, 1) if quick else (1000, 5, 5)
    table = Table(
        name="hotspots",
        title="tickets: issue 15 hot spots, before and after",
        method=f"median of {repeats} runs of {renders} renders; median of {logins} password verifications",
        columns=("hot spot", "before (ms)", "after (ms)", "after ÷ before"),
    )
    templates._compiled.cache_clear()
    before = _median_ms(lambda: templates._ENV.from_string(TEXT).render(**VARS), repeats, renders)
    after = _median_ms(lambda: templates.render(TEXT, **VARS), repeats, renders)
    table.add("auto-response render, per ticket", f"{before:.3f}", f"{after:.3f}", f"{after / before:.3f}")

    old, new = PasswordHasher(), PasswordHasher.from_parameters(PASSWORD_HASHING)
    old_hash, new_hash = old.hash("ein langes Passwort"), new.hash("ein langes Passwort")
    before = _median_ms(lambda: old.verify(old_hash, "ein langes Passwort"), logins)
    after = _median_ms(lambda: new.verify(new_hash, "ein langes Passwort"), logins)
    table.add("password verification, per login", f"{before:.1f}", f"{after:.1f}", f"{after / before:.3f}")
    table.notes.append(f"template compiles in the cached run: {templates._compiled.cache_info().misses}")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: only proves that it runs")
    print(run(parser.parse_args().quick).markdown())


if __name__ == "__main__":
    main()
