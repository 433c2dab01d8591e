"""What the Compose schema cannot know: that the file fits Umlauf's code and runs in order."""

from __future__ import annotations

import re
from typing import Any

from services.stats.settings import StatsSettings
from services.tickets.settings import TicketsSettings
from shared.settings import SERVICES
from tests.deploy.conftest import DEPLOY, command_of
from umlauf.compose import SETTINGS

Services = dict[str, dict[str, Any]]


def _one_shot(services: Services) -> set[str]:
    return {name for name, s in services.items() if s.get("restart") == "no"}


def test_every_long_running_container_has_a_healthcheck(services: Services) -> None:
    missing = [n for n, s in services.items() if n not in _one_shot(services) and "healthcheck" not in s]
    assert missing == []


def test_depends_on_names_services_and_waits_for_the_right_condition(services: Services) -> None:
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions, not a bare list"
        for other, how in depends_on.items():
            assert other in services, f"{name} depends on unknown {other}"
            expected = "service_completed_successfully" if other in _one_shot(services) else "service_healthy"
            assert how.get("condition") == expected, f"{name} -> {other}"


def test_every_umlauf_service_waits_for_broker_database_and_migrations(umlauf_services: Services) -> None:
    for name, service in umlauf_services.items():
        assert {"rabbitmq", "postgres", "migrate"} <= set(service["depends_on"]), name


def test_each_service_has_its_own_database_on_rabbitmq(umlauf_services: Services) -> None:
    for name, service in umlauf_services.items():
        env = service["environment"]
        assert env["UMLAUF_BUS"] == "rabbitmq", name
        assert env["UMLAUF_HOST"] == "0.0.0.0", name
        assert env["UMLAUF_AMQP_URL"].startswith("amqp://") and "@rabbitmq:5672/" in env["UMLAUF_AMQP_URL"]
        url = env[f"UMLAUF_{name.upper()}_DATABASE_URL"]
        assert re.fullmatch(rf"postgresql\+asyncpg://umlauf:\$\{{POSTGRES_PASSWORD\}}@postgres:5432/umlauf_{name}", url)
        others = {f"UMLAUF_{o.upper()}_DATABASE_URL" for o in SERVICES if o != name}
        assert not others & set(env), f"{name} must not see another service's database"


def test_migrate_runs_once_for_all_five_databases(services: Services) -> None:
    migrate = services["migrate"]
    assert command_of(migrate) == ["migrate"]
    for name in SERVICES:
        assert migrate["environment"][f"UMLAUF_{name.upper()}_DATABASE_URL"].endswith(f"/umlauf_{name}")


def test_init_sql_creates_exactly_the_databases_the_services_use(services: Services) -> None:
    created = re.findall(r"CREATE DATABASE (\w+);", (DEPLOY / "postgres" / "init.sql").read_text())
    used = {
        value.rsplit("/", 1)[1]
        for s in services.values()
        for key, value in s.get("environment", {}).items()
        if key.endswith("_DATABASE_URL")
    }
    assert sorted(created) == sorted(used) == sorted(f"umlauf_{n}" for n in SERVICES)


def test_healthchecks_ask_readyz_on_the_port_the_service_listens_on(umlauf_services: Services) -> None:
    for name, service in umlauf_services.items():
        default = SETTINGS[name]().port
        port = int(service["environment"].get(f"UMLAUF_{name.upper()}_PORT", default))
        assert port == default, f"{name} moved off its documented port"
        test = service["healthcheck"]["test"]
        assert test[:3] == ["CMD", "python", "-c"], "the slim image has no curl"
        assert f"urlopen('http://127.0.0.1:{port}/readyz'" in test[3], name


def test_infrastructure_healthchecks_are_the_ones_that_mean_ready(services: Services) -> None:
    assert services["rabbitmq"]["healthcheck"]["test"] == ["CMD", "rabbitmq-diagnostics", "-q", "ping"]
    assert services["postgres"]["healthcheck"]["test"][:4] == ["CMD", "pg_isready", "-h", "127.0.0.1"]


def test_gateway_reaches_tickets_and_stats_by_service_name(umlauf_services: Services) -> None:
    env = umlauf_services["gateway"]["environment"]
    assert env["UMLAUF_TICKETS_URL"] == f"http://tickets:{TicketsSettings().port}"
    assert env["UMLAUF_STATS_URL"] == f"http://stats:{StatsSettings().port}"


def test_notify_sends_to_the_mail_catcher_and_ingest_listens_outside(
    services: Services, umlauf_services: Services
) -> None:
    notify = umlauf_services["notify"]["environment"]
    assert notify["UMLAUF_RELAY_HOST"] in services and "notify" in umlauf_services
    ingest = umlauf_services["ingest"]["environment"]
    assert ingest["UMLAUF_SMTP_HOST"] == "0.0.0.0" and ingest["UMLAUF_SMTP_PORT"] == "2525"


def test_published_ports(services: Services) -> None:
    published = {name: [p.rsplit(":", 1)[-1] for p in s.get("ports", [])] for name, s in services.items()}
    assert published["gateway"] == ["8080"]
    assert published["ingest"] == ["2525"]
    assert published["mailcatcher"] == ["8025"]


def test_images_are_pinned(services: Services) -> None:
    for name, service in services.items():
        if "build" in service:
            continue
        image = service["image"]
        tag = image.rsplit(":", 1)[1] if ":" in image else "latest"
        assert re.search(r"\d+\.\d+", tag), f"{name}: pin a version, not {image}"
    assert services["rabbitmq"]["image"].startswith("rabbitmq:4.") and "management" in services["rabbitmq"]["image"]


def test_files_mounted_into_containers_exist(services: Services) -> None:
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), f"{name}: {source}"
