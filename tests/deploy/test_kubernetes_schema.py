"""deploy/kubernetes: every file is part of a kustomization and valid for Kubernetes.

Schemas come from the ``kubernetes-validate`` package (Kubernetes' OpenAPI schemas per
release, vendored); strict mode rejects unknown fields, so a misspelt key fails here
rather than being dropped silently by the API server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from tests.deploy.conftest import DEPLOY, KUBERNETES, load_yaml_documents

KUBERNETES_VERSION = "1.33"
KUSTOMIZATIONS = [KUBERNETES, KUBERNETES / "rabbitmq-topology"]
NOT_IN_A_KUSTOMIZATION = {KUBERNETES / "secret.example.yaml"}  # the operator creates the Secret
OPERATOR_KINDS = {("rabbitmq.com/v1beta1", "RabbitmqCluster"), ("rabbitmq.com/v1beta1", "Policy")}


def _resources(directory: Path) -> list[Path]:
    (kustomization,) = load_yaml_documents(directory / "kustomization.yaml")
    return [directory / name for name in kustomization["resources"]]


def _all_documents() -> list[tuple[Path, dict[str, Any]]]:
    files = [f for d in KUSTOMIZATIONS for f in _resources(d)] + sorted(NOT_IN_A_KUSTOMIZATION)
    return [(f, doc) for f in files for doc in load_yaml_documents(f)]


@pytest.mark.parametrize("directory", KUSTOMIZATIONS, ids=lambda d: d.name)
def test_kustomization_lists_existing_files_and_every_manifest(directory: Path) -> None:
    listed = _resources(directory)
    assert all(f.is_file() for f in listed), [str(f) for f in listed if not f.is_file()]
    present = {f for f in directory.glob("*.yaml") if f.name != "kustomization.yaml"}
    assert present - NOT_IN_A_KUSTOMIZATION == set(listed), "a manifest that no kustomization applies"


@pytest.mark.parametrize(("path", "document"), _all_documents(), ids=lambda v: getattr(v, "name", "") or "")
def test_manifest_is_valid_for_kubernetes(path: Path, document: dict[str, Any]) -> None:
    if (document["apiVersion"], document["kind"]) in OPERATOR_KINDS:
        assert set(document) == {"apiVersion", "kind", "metadata", "spec"} and document["metadata"]["name"]
        return
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_validator_rejects_a_misspelt_field() -> None:
    (_, deployment), *_ = [(p, d) for p, d in _all_documents() if d["kind"] == "Deployment"]
    broken = json.loads(json.dumps(deployment))
    container = broken["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_operator_policies_are_the_definitions_file_policies() -> None:
    definitions = json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())["policies"]
    operator = [
        {
            "vhost": d["spec"]["vhost"],
            "name": d["spec"]["name"],
            "pattern": d["spec"]["pattern"],
            "apply-to": d["spec"]["applyTo"],
            "priority": d["spec"]["priority"],
            "definition": d["spec"]["definition"],
        }
        for d in load_yaml_documents(KUBERNETES / "rabbitmq-topology" / "policies.yaml")
    ]
    assert operator == definitions
