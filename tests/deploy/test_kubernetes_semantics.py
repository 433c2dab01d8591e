"""deploy/kubernetes fits the code: commands, ports, probes, settings, secrets, selectors."""

from __future__ import annotations

from typing import Any

import pytest

from services.ingest.settings import IngestSettings
from shared.settings import SERVICES
from tests.deploy.conftest import (
    KUBERNETES,
    Manifests,
    container_of,
    load_yaml_documents,
    pod_of,
    setting_env_names,
    workloads,
)
from umlauf.compose import SETTINGS


@pytest.fixture(scope="module")
def secret_keys() -> set[str]:
    (secret,) = load_yaml_documents(KUBERNETES / "secret.example.yaml")
    return set(secret["stringData"])


def _env_names(container: dict[str, Any], manifests: Manifests) -> set[str]:
    names = {e["name"] for e in container.get("env", [])}
    for source in container.get("envFrom", []):
        names |= set(manifests[("ConfigMap", source["configMapRef"]["name"])]["data"])
    return names


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_is_a_deployment_serving_it_with_probes_on_its_port(manifests: Manifests, name: str) -> None:
    container = container_of(manifests[("Deployment", name)])
    assert container["args"] == ["serve", name]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == SETTINGS[name]().port
    for probe, path in [("readinessProbe", "/readyz"), ("livenessProbe", "/healthz"), ("startupProbe", "/healthz")]:
        assert container[probe]["httpGet"] == {"path": path, "port": "http"}, f"{name} {probe}"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) and "memory" in container["resources"]["limits"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_gets_its_own_database_and_no_other(
    manifests: Manifests, secret_keys: set[str], name: str
) -> None:
    container = container_of(manifests[("Deployment", name)])
    databases = {n for n in _env_names(container, manifests) if n.endswith("_DATABASE_URL")}
    assert databases == {f"UMLAUF_{name.upper()}_DATABASE_URL"}
    assert {"UMLAUF_AMQP_URL", "UMLAUF_SECRET_KEY", "UMLAUF_BUS", "UMLAUF_HOST"} <= _env_names(container, manifests)


def test_migration_job_migrates_every_database(manifests: Manifests) -> None:
    job = manifests[("Job", "umlauf-migrate")]
    container = container_of(job)
    assert container["args"] == ["migrate"] and pod_of(job)["restartPolicy"] in {"OnFailure", "Never"}
    assert {f"UMLAUF_{n.upper()}_DATABASE_URL" for n in SERVICES} <= _env_names(container, manifests)


def test_settings_and_secrets_referenced_exist(manifests: Manifests, secret_keys: set[str]) -> None:
    known = setting_env_names()
    for workload in workloads(manifests):
        container = container_of(workload)
        assert _env_names(container, manifests) <= known, workload["metadata"]["name"]
        for env in container.get("env", []):
            ref = env["valueFrom"]["secretKeyRef"]
            assert ref["name"] == "umlauf-secrets" and ref["key"] in secret_keys, env["name"]


def test_pods_run_non_root_on_a_read_only_root_file_system(manifests: Manifests) -> None:
    for workload in workloads(manifests):
        pod, container = pod_of(workload), container_of(workload)
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
        assert pod["automountServiceAccountToken"] is False
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert {"/tmp", "/app/var"} <= mounts, "the app writes only to /tmp and var/"


def test_services_select_the_pods_and_name_their_ports(manifests: Manifests) -> None:
    deployments = [d for d in manifests.values() if d["kind"] == "Deployment"]
    for service in (d for d in manifests.values() if d["kind"] == "Service"):
        selector = service["spec"]["selector"].items()
        (target,) = [d for d in deployments if selector <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert selector <= target["spec"]["selector"]["matchLabels"].items()
        names = {p["name"] for p in container_of(target)["ports"]}
        assert all(p["targetPort"] in names for p in service["spec"]["ports"]), service["metadata"]["name"]


def test_smtp_intake_is_published_outside_the_cluster(manifests: Manifests) -> None:
    smtp = manifests[("Service", "ingest-smtp")]["spec"]
    assert smtp["type"] in {"LoadBalancer", "NodePort"} and smtp["ports"][0]["port"] == 25
    container = container_of(manifests[("Deployment", "ingest")])
    assert {p["name"]: p["containerPort"] for p in container["ports"]}["smtp"] == IngestSettings().smtp_port
    assert manifests[("ConfigMap", "umlauf-settings")]["data"]["UMLAUF_SMTP_HOST"] == "0.0.0.0"


def test_ingress_leads_to_the_gateway(manifests: Manifests) -> None:
    (rule,) = manifests[("Ingress", "gateway")]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == "gateway" and path["path"] == "/"
    assert backend["port"]["name"] in {p["name"] for p in manifests[("Service", "gateway")]["spec"]["ports"]}
