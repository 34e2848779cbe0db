"""The deployment sets only variables the services and the console read, and the operations guide
documents every variable they read."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml
from lattice_console.settings import ConsoleSettings
from lattice_platform.contracts.topics import SERVICES
from lattice_platform.settings import ServiceSettings
from pydantic import AliasChoices

ROOT = Path(__file__).resolve().parents[1]
OPERATIONS_GUIDE = ROOT / "docs" / "operations.md"


def environment_names(settings_class: type[ServiceSettings]) -> set[str]:
    names = set()
    for name, field in settings_class.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.add(str(alias.choices[0]))
        elif isinstance(alias, str):
            names.add(alias)
        elif name != "service_name":
            pytest.fail(f"{settings_class.__name__}.{name} has no environment variable")
    return names


def service_settings() -> dict[str, type[ServiceSettings]]:
    classes = {}
    for service in SERVICES:
        try:
            module = importlib.import_module(f"lattice_{service}.settings")
        except ModuleNotFoundError:
            continue
        classes[service] = getattr(module, f"{service.capitalize()}Settings")
    classes["console"] = ConsoleSettings
    return classes


def read_by_services() -> set[str]:
    names = environment_names(ServiceSettings)
    for settings_class in service_settings().values():
        names |= environment_names(settings_class)
    return names


def rendered(overlay: str) -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location(
        "lattice_deploy_render_overlay", ROOT / "deploy" / "kubernetes" / "render_overlay.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.render(ROOT / "deploy" / "kubernetes" / "overlays" / overlay))


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_kubernetes_sets_only_variables_the_services_read(overlay: str) -> None:
    known = read_by_services()
    for manifest in rendered(overlay):
        if manifest["kind"] == "ConfigMap" and manifest["metadata"]["name"] == "lattice-config":
            assert set(manifest["data"]) <= known
        if manifest["kind"] in ("Deployment", "Job"):
            pod = manifest["spec"]["template"]["spec"]
            for container in pod["containers"]:
                if container["image"].startswith("otel/"):
                    continue
                assert {e["name"] for e in container["env"]} <= known, manifest["metadata"]


def test_compose_sets_only_variables_the_services_read() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for service in (*SERVICES, "init"):
        assert set(compose["services"][service]["environment"]) <= read_by_services(), service


def test_every_variable_the_services_read_is_in_the_operations_guide() -> None:
    guide = OPERATIONS_GUIDE.read_text()
    assert service_settings(), "no service settings to check"
    missing = sorted(name for name in read_by_services() if f"`{name}`" not in guide)
    assert missing == []
