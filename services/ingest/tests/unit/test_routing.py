"""Routing without I/O: account, control headers, spam flags, filters, and the steps that explain them."""

from __future__ import annotations

from services.ingest.domain.filters import FilterActions, FilterMatch, PostmasterFilter
from services.ingest.domain.routing import Route, Source, SpamPolicy, Step, route
from services.ingest.domain.spam import parse_flags

SPAM = SpamPolicy(parse_flags(["X-Spam-Flag: YES", "X-Spam-Status: Yes"]), "Spam")
HEADERS = [
    ("From", "kassenwart@example.org"),
    ("Subject", "Spendenquittung bitte"),
    ("X-OTRS-Queue", "Vorstand"),
    ("X-Umlauf-Priority", "5 very high"),
    ("X-OTOBO-CustomerUser", "anna"),
]


def finance(**actions: object) -> PostmasterFilter:
    return PostmasterFilter(
        "Finanzen",
        (FilterMatch("Subject", r"spende|quittung"),),
        FilterActions(**actions),  # type: ignore[arg-type]
    )


def test_control_headers_from_an_untrusted_source_are_stripped_before_filters_and_recorded() -> None:
    trap = PostmasterFilter("Falle", (FilterMatch("X-OTRS-Queue", "Vorstand"),), FilterActions(queue="Vorstand"))
    outcome = route(HEADERS, "", Source(), SPAM, [trap])
    assert outcome.route == Route()
    assert [name for name, _ in outcome.headers] == ["From", "Subject"]
    assert outcome.steps == [
        Step("stripped", "untrusted source", detail="X-OTOBO-CustomerUser, X-OTRS-Queue, X-Umlauf-Priority")
    ]


def test_control_headers_from_a_trusted_account_are_honoured_after_the_account_queue() -> None:
    outcome = route(HEADERS, "", Source(trusted=True, account="Vereinspost", account_queue="Allgemein"), SPAM, [])
    assert (outcome.route.queue, outcome.route.priority, outcome.route.customer) == ("Vorstand", 5, "anna")
    assert [(s.rule, s.name, s.field, s.value) for s in outcome.steps] == [
        ("account", "Vereinspost", "queue", "Allgemein"),
        ("header", "X-OTRS-Queue", "queue", "Vorstand"),
        ("header", "X-Umlauf-Priority", "priority", "5"),
        ("header", "X-OTOBO-CustomerUser", "customer", "anna"),
    ]
    assert outcome.headers == HEADERS


def test_a_trusted_ignore_header_ignores_and_nonsense_values_are_not_applied() -> None:
    headers = [("X-Umlauf-Ignore", "yes"), ("X-OTRS-Priority", "urgent"), ("X-OTRS-Unknown", "x")]
    outcome = route(headers, "", Source(trusted=True), SPAM, [])
    assert outcome.route == Route(ignore=True)
    assert [(s.name, s.field, s.detail.startswith("not applied")) for s in outcome.steps] == [
        ("X-Umlauf-Ignore", "ignore", False),
        ("X-OTRS-Priority", None, True),
        ("X-OTRS-Unknown", None, True),
    ]


def test_filters_run_in_order_later_ones_override_and_stop_ends_the_run() -> None:
    first = finance(queue="Vorstand::Schatzmeister", priority=4, tags=("finanzen",))
    second = PostmasterFilter(
        "Alles", (FilterMatch("From", ".*"),), FilterActions(queue="Allgemein", tags=("x",)), True
    )
    third = PostmasterFilter("Nie", (FilterMatch("From", ".*"),), FilterActions(owner="admin"))
    outcome = route([("From", "a@example.org"), ("Subject", "Spende")], "", Source(), SPAM, [first, second, third])
    assert outcome.route == Route(queue="Allgemein", priority=4, tags=("finanzen", "x"))
    assert [(s.name, s.field) for s in outcome.steps] == [
        ("Finanzen", "queue"),
        ("Finanzen", "priority"),
        ("Finanzen", "tags"),
        ("Alles", "queue"),
        ("Alles", "tags"),
    ]


def test_body_matches_negation_and_absent_headers() -> None:
    body_rule = PostmasterFilter("Korb", (FilterMatch("body", r"basketball\w*"),), FilterActions(type="Spende"))
    not_list = PostmasterFilter(
        "Kein Verteiler", (FilterMatch("List-Id", ".+", negate=True),), FilterActions(state="new")
    )
    outcome = route([("Subject", "Hallo")], "Ich spende einen BASKETBALLKORB.", Source(), SPAM, [body_rule, not_list])
    assert (outcome.route.type, outcome.route.state) == ("Spende", "new")


def test_a_catastrophic_pattern_times_out_counts_as_no_match_and_is_recorded() -> None:
    evil = PostmasterFilter("Böse", (FilterMatch("body", r"(a+)+$"),), FilterActions(queue="Vorstand"))
    outcome = route([], "a" * 50_000 + "!", Source(), SPAM, [evil])
    assert outcome.route == Route()
    (step,) = outcome.steps
    assert (step.rule, step.name) == ("filter", "Böse") and "not applied" in step.detail


def test_spam_flag_routes_to_the_spam_queue_and_a_filter_may_still_override() -> None:
    headers = [("X-Spam-Status", "Yes, score=7.3 required=5.0"), ("Subject", "Gewinn")]
    outcome = route(headers, "", Source(account="Post", account_queue="Allgemein"), SPAM, [])
    assert (outcome.route.queue, outcome.route.spam) == ("Spam", True)
    assert outcome.steps[-1] == Step("spam", "X-Spam-Status: Yes, score=7.3 required=5.0", "queue", "Spam")
    assert route([("X-Spam-Flag", "NO")], "", Source(), SPAM, []).route == Route()
    whitelist = PostmasterFilter("Vorstand", (FilterMatch("Subject", "Gewinn"),), FilterActions(queue="Vorstand"))
    assert route(headers, "", Source(), SPAM, [whitelist]).route == Route(queue="Vorstand", spam=True)


def test_spam_flags_setting_is_parsed_leniently() -> None:
    assert parse_flags(["X-Spam-Flag: YES", "nonsense", " X-Foo :  Bar "]) == [("x-spam-flag", "yes"), ("x-foo", "bar")]
