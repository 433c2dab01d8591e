"""deploy/kubernetes fits the code: commands, ports, probes, settings, selectors, autoscaling."""

from __future__ import annotations

from typing import Any

import pytest

from shared.settings import SERVICES, Settings
from tests.deploy.conftest import KUBERNETES, load_yaml_documents, setting_env_names

Manifests = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="module")
def manifests() -> Manifests:
    (kustomization,) = load_yaml_documents(KUBERNETES / "kustomization.yaml")
    docs = [doc for name in kustomization["resources"] for doc in load_yaml_documents(KUBERNETES / name)]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


@pytest.fixture(scope="module")
def secret_keys() -> set[str]:
    (secret,) = load_yaml_documents(KUBERNETES / "secret.example.yaml")
    return set(secret["stringData"])


def _pod(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = _pod(workload)["containers"]
    return container


def _env_names(container: dict[str, Any], manifests: Manifests) -> set[str]:
    names = {e["name"] for e in container.get("env", [])}
    for source in container.get("envFrom", []):
        names |= set(manifests[("ConfigMap", source["configMapRef"]["name"])]["data"])
    return names


def _workloads(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for d in manifests.values() if d["kind"] in {"Deployment", "Job"}]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_is_a_deployment_serving_it_with_probes_on_its_port(manifests: Manifests, name: str) -> None:
    container = _container(manifests[("Deployment", name)])
    assert container["args"] == ["serve", name]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == Settings().port(name)
    for probe, path in [("readinessProbe", "/readyz"), ("livenessProbe", "/healthz"), ("startupProbe", "/healthz")]:
        assert container[probe]["httpGet"] == {"path": path, "port": "http"}, f"{name} {probe}"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) and "memory" in container["resources"]["limits"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_gets_its_own_database_and_no_other(
    manifests: Manifests, secret_keys: set[str], name: str
) -> None:
    container = _container(manifests[("Deployment", name)])
    databases = {n for n in _env_names(container, manifests) if n.endswith("_DATABASE_URL")}
    assert databases == {f"UMLAUF_{name.upper()}_DATABASE_URL"}
    assert {"UMLAUF_AMQP_URL", "UMLAUF_SECRET_KEY", "UMLAUF_BUS", "UMLAUF_HOST"} <= _env_names(container, manifests)


def test_migration_job_migrates_every_database(manifests: Manifests) -> None:
    job = manifests[("Job", "umlauf-migrate")]
    container = _container(job)
    assert container["args"] == ["migrate"] and _pod(job)["restartPolicy"] in {"OnFailure", "Never"}
    assert {f"UMLAUF_{n.upper()}_DATABASE_URL" for n in SERVICES} <= _env_names(container, manifests)


def test_settings_and_secrets_referenced_exist(manifests: Manifests, secret_keys: set[str]) -> None:
    known = setting_env_names()
    for workload in _workloads(manifests):
        container = _container(workload)
        assert _env_names(container, manifests) <= known, workload["metadata"]["name"]
        for env in container.get("env", []):
            ref = env["valueFrom"]["secretKeyRef"]
            assert ref["name"] == "umlauf-secrets" and ref["key"] in secret_keys, env["name"]


def test_pods_run_non_root_on_a_read_only_root_file_system(manifests: Manifests) -> None:
    for workload in _workloads(manifests):
        pod, container = _pod(workload), _container(workload)
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
        names = {p["name"] for p in _container(target)["ports"]}
        assert all(p["targetPort"] in names for p in service["spec"]["ports"]), service["metadata"]["name"]


def test_smtp_intake_is_published_outside_the_cluster(manifests: Manifests) -> None:
    smtp = manifests[("Service", "ingest-smtp")]["spec"]
    assert smtp["type"] in {"LoadBalancer", "NodePort"} and smtp["ports"][0]["port"] == 25
    container = _container(manifests[("Deployment", "ingest")])
    assert {p["name"]: p["containerPort"] for p in container["ports"]}["smtp"] == Settings().smtp_port
    assert manifests[("ConfigMap", "umlauf-settings")]["data"]["UMLAUF_SMTP_HOST"] == "0.0.0.0"


def test_ingress_leads_to_the_gateway(manifests: Manifests) -> None:
    (rule,) = manifests[("Ingress", "gateway")]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == "gateway" and path["path"] == "/"
    assert backend["port"]["name"] in {p["name"] for p in manifests[("Service", "gateway")]["spec"]["ports"]}


def test_tickets_and_ingest_scale_horizontally_on_cpu(manifests: Manifests) -> None:
    autoscalers = {
        d["metadata"]["name"]: d["spec"] for d in manifests.values() if d["kind"] == "HorizontalPodAutoscaler"
    }
    assert sorted(autoscalers) == ["ingest", "tickets"]
    for name, spec in autoscalers.items():
        target = spec["scaleTargetRef"]
        deployment = manifests[("Deployment", target["name"])]
        assert target["kind"] == "Deployment" and target["name"] == name
        assert "replicas" not in deployment["spec"], "a fixed replica count fights the autoscaler"
        assert "cpu" in _container(deployment)["resources"]["requests"], "CPU utilisation needs a request"
        assert 2 <= spec["minReplicas"] < spec["maxReplicas"]
        assert spec["metrics"][0]["resource"]["target"]["type"] == "Utilization"


def test_the_image_is_set_in_one_place(manifests: Manifests) -> None:
    (kustomization,) = load_yaml_documents(KUBERNETES / "kustomization.yaml")
    images = {i["name"] for i in kustomization["images"]}
    assert {_container(w)["image"] for w in _workloads(manifests)} <= images


def test_the_prepare_stage_holds_what_the_migration_needs_and_nothing_else(manifests: Manifests) -> None:
    """``kubectl apply -k … -l umlauf-stage=prepare`` runs the migration before any new pod."""
    prepare = {key for key, d in manifests.items() if d["metadata"].get("labels", {}).get("umlauf-stage") == "prepare"}
    assert prepare == {("Namespace", "umlauf"), ("ConfigMap", "umlauf-settings"), ("Job", "umlauf-migrate")}


def test_disruption_budgets_only_for_services_with_more_than_one_pod(manifests: Manifests) -> None:
    autoscaled = {n: d["spec"]["minReplicas"] for (k, n), d in manifests.items() if k == "HorizontalPodAutoscaler"}
    for (kind, name), budget in manifests.items():
        if kind != "PodDisruptionBudget":
            continue
        deployment = manifests[("Deployment", name)]
        assert budget["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
        replicas = autoscaled.get(name, deployment["spec"].get("replicas", 1))
        assert budget["spec"]["minAvailable"] < replicas, f"{name}: the budget would block every drain"
