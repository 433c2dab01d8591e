"""Auto-response texts are compiled once per text, not once per ticket (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.tickets.directory.domain import templates
from services.tickets.directory.domain.templates import CustomerVars, QueueVars, TicketVars, render

VARS = {
    "ticket": TicketVars(number="2026120210000011", title="Drucker"),
    "customer": CustomerVars(email="kunde@example.org", name="Kunde"),
    "queue": QueueVars(name="Raw"),
}


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text Jinja2 really compiles, counted at the environment (the cache starts empty)."""
    templates._compiled.cache_clear()
    seen: list[str] = []
    real = templates._ENV.compile

    def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(templates._ENV, "compile", counting)
    yield seen
    templates._compiled.cache_clear()


def test_a_second_render_of_the_same_text_does_not_compile_again(compiles: list[str]) -> None:
    text = "Ticket {{ ticket.number }} für {{ customer.name }}"
    assert render(text, **VARS) == "Ticket 2026120210000011 für Kunde"
    assert render(text, **VARS) == "Ticket 2026120210000011 für Kunde"
    assert compiles == [text]


def test_a_changed_text_is_compiled_anew(compiles: list[str]) -> None:
    render("Alt: {{ ticket.title }}", **VARS)
    assert render("Neu: {{ ticket.title }}", **VARS) == "Neu: Drucker"
    assert compiles == ["Alt: {{ ticket.title }}", "Neu: {{ ticket.title }}"]


def test_the_cache_is_bounded(compiles: list[str]) -> None:
    for i in range(templates.COMPILED_CACHE_SIZE + 1):
        render(f"{i} {{{{ queue.name }}}}", **VARS)
    render("0 {{ queue.name }}", **VARS)  # the oldest was evicted, so it compiles again
    assert len(compiles) == templates.COMPILED_CACHE_SIZE + 2
    assert templates._compiled.cache_info().currsize == templates.COMPILED_CACHE_SIZE


def test_the_cached_template_stays_sandboxed_and_broken_text_is_sent_as_written(compiles: list[str]) -> None:
    unsafe = "{{ ticket.__class__.__mro__ }}"
    assert render(unsafe, **VARS) == unsafe
    assert render(unsafe, **VARS) == unsafe
    assert render("{{ ticket.number ", **VARS) == "{{ ticket.number "
    assert templates.problem("{{ ticket.nope }}") is not None
