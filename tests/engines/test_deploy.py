"""The Kubernetes deployment, as far as a machine without Docker or a cluster can check it: the
Helm values against the chart's schema, and the Dockerfile's steps against the project."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from deploy.check_image import dockerfile_steps

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "deploy" / "helm" / "dagster-chart-schema.json").read_text())
VALUES = yaml.safe_load((REPO / "deploy" / "helm" / "values.yaml").read_text())
# value section -> the chart's definition of it
SECTIONS = {"dagster-user-deployments": "UserDeployments", "postgresql": "PostgreSQL",
            "runLauncher": "RunLauncher"}


class AnySchema(dict):
    """An empty schema (anything is valid) at every JSON pointer inside it."""

    def __missing__(self, key: str) -> AnySchema:
        return AnySchema()


def _validator(definition: str) -> Draft7Validator:
    """The chart's definition, with its Kubernetes object references (kubernetesjsonschema.dev,
    not reachable here) read as 'any object': their shapes are left to the cluster's API."""
    registry = Registry(retrieve=lambda uri: Resource.from_contents(
        AnySchema(), default_specification=DRAFT7))
    schema = {**SCHEMA, "$ref": f"#/definitions/{definition}"}
    schema.pop("properties")
    return Draft7Validator(schema, registry=registry)


def _errors(definition: str, value) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(definition).iter_errors(value)]


@pytest.mark.parametrize(("section", "definition"), SECTIONS.items())
def test_each_section_of_the_values_is_valid_for_the_chart(section, definition):
    assert _errors(definition, VALUES[section]) == []


def test_the_run_queue_and_the_password_secret_are_valid_too():
    assert _errors("RunCoordinator", VALUES["dagsterDaemon"]["runCoordinator"]) == []
    assert isinstance(VALUES["generatePostgresqlPasswordSecret"], bool)
    assert set(VALUES) - {"dagsterDaemon", "generatePostgresqlPasswordSecret"} == set(SECTIONS)


def test_the_schema_catches_a_wrong_value():
    """The check is not vacuous: a launcher type the chart does not know, a missing image."""
    broken = {**VALUES["runLauncher"], "type": "DockerRunLauncher"}
    assert any("DockerRunLauncher" in e for e in _errors("RunLauncher", broken))
    deployment = dict(VALUES["dagster-user-deployments"]["deployments"][0])
    del deployment["image"]
    section = {**VALUES["dagster-user-deployments"], "deployments": [deployment]}
    assert any("'image' is a required property" in e for e in _errors("UserDeployments", section))


def test_the_values_run_journeymap_on_spark_with_the_same_store_queue_as_dagster_yaml():
    (deployment,) = VALUES["dagster-user-deployments"]["deployments"]
    assert deployment["codeServerArgs"] == ["--module-name", "pipelines.definitions"]
    assert deployment["env"]["JOURNEYMAP_ENGINE"] == "spark"
    assert VALUES["runLauncher"]["type"] == "K8sRunLauncher"
    assert VALUES["postgresql"]["enabled"] is False  # an external PostgreSQL holds the runs
    queue = VALUES["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"]
    instance = yaml.safe_load((REPO / "dagster.yaml").read_text())
    assert queue["tagConcurrencyLimits"] == instance["concurrency"]["runs"][
        "tag_concurrency_limits"]


def test_the_dockerfile_copies_every_package_and_installs_existing_extras():
    copies, installs = dockerfile_steps()
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"][
        "include"]}
    assert packages <= set(copies)
    assert "pyproject.toml" in copies
    (arguments,) = installs
    extras = arguments[-1].removeprefix(".[").removesuffix("]").split(",")
    assert set(extras) <= set(pyproject["project"]["optional-dependencies"])
