"""Settings per service: shared keeps only what every service reads, the variable names stay."""

from __future__ import annotations

import pytest

from shared.settings import BusKind, Settings
from umlauf.compose import SETTINGS

# Every UMLAUF_* variable the single settings class read before each service got its own.
BEFORE_THE_SPLIT = {
    *("VAR_DIR", "BUS", "AMQP_URL", "EXCHANGE", "MAX_DELIVERIES", "HOST", "FORWARDED_ALLOW_IPS"),
    *(f"{name}_DATABASE_URL" for name in ("INGEST", "TICKETS", "NOTIFY", "STATS", "GATEWAY")),
    *(f"{name}_PORT" for name in ("GATEWAY", "INGEST", "TICKETS", "NOTIFY", "STATS")),
    *("TICKETS_URL", "STATS_URL", "INGEST_URL", "NOTIFY_URL"),
    *("SMTP_HOST", "SMTP_PORT", "SMTP_MAX_MESSAGE_SIZE", "SMTP_TRUSTED", "SMTP_TLS_CERT", "SMTP_TLS_KEY"),
    *("SMTP_REFUSE_UNKNOWN_RECIPIENTS", "LMTP_PORT", "SPAM_QUEUE", "SPAM_FLAGS", "ARCHIVE_AFTER_DAYS"),
    *("RELAY_HOST", "RELAY_PORT", "RELAY_USERNAME", "RELAY_PASSWORD", "RELAY_STARTTLS"),
    *("SYSTEM_ID", "TICKET_NUMBER_GENERATOR", "TICKET_HOOK", "FOLLOW_UP_BY_BODY_NUMBER"),
    *("SECRET_KEY", "DEFAULT_LANGUAGE", "LOG_JSON", "LOG_LEVEL"),
}


def _variables(cls: type[Settings]) -> set[str]:
    return {name.upper() for name in cls.model_fields}


def test_every_variable_is_still_read_under_its_name() -> None:
    read = set().union(*(_variables(cls) for cls in SETTINGS.values()))
    assert BEFORE_THE_SPLIT - read == set()
    assert all(cls.model_config.get("env_prefix") == "UMLAUF_" for cls in SETTINGS.values())


def test_shared_keeps_only_what_every_service_reads() -> None:
    assert _variables(Settings) == {
        *("VAR_DIR", "BUS", "AMQP_URL", "EXCHANGE", "MAX_DELIVERIES", "HOST", "FORWARDED_ALLOW_IPS"),
        *(f"{name}_DATABASE_URL" for name in ("INGEST", "TICKETS", "NOTIFY", "STATS", "GATEWAY")),
        *("SECRET_KEY", "LOG_JSON", "LOG_LEVEL", "OUTBOX_RETENTION_DAYS", "INBOX_RETENTION_DAYS"),
    }
    assert all(issubclass(cls, Settings) for cls in SETTINGS.values())


def test_a_service_takes_the_shared_values_given_and_its_own_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UMLAUF_SMTP_PORT", "2626")
    monkeypatch.setenv("UMLAUF_BUS", "inprocess")
    shared = Settings(bus=BusKind.RABBITMQ, secret_key="s" * 32)

    ingest = SETTINGS["ingest"].of(shared)

    assert (ingest.bus, ingest.secret_key) == (BusKind.RABBITMQ, "s" * 32)
    assert ingest.smtp_port == 2626 and ingest.port == 8081  # type: ignore[attr-defined]
    assert SETTINGS["ingest"].of(ingest) is ingest
    assert {name: cls.of(shared).port for name, cls in SETTINGS.items()} == {  # type: ignore[attr-defined]
        "ingest": 8081,
        "tickets": 8082,
        "notify": 8083,
        "stats": 8084,
        "gateway": 8080,
    }
