"""deploy/kubernetes rolls out and scales safely: autoscaling, disruption budgets, migration first."""

from __future__ import annotations

from tests.deploy.conftest import KUBERNETES, Manifests, container_of, load_yaml_documents, workloads


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
        assert "cpu" in container_of(deployment)["resources"]["requests"], "CPU utilisation needs a request"
        assert 2 <= spec["minReplicas"] < spec["maxReplicas"]
        assert spec["metrics"][0]["resource"]["target"]["type"] == "Utilization"


def test_the_image_is_set_in_one_place(manifests: Manifests) -> None:
    (kustomization,) = load_yaml_documents(KUBERNETES / "kustomization.yaml")
    images = {i["name"] for i in kustomization["images"]}
    assert {container_of(w)["image"] for w in workloads(manifests)} <= images


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
