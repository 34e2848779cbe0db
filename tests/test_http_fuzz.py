"""Each service, on the real broker and PostgreSQL, fuzzed from its published OpenAPI document.

Schemathesis generates valid and invalid requests for every operation; every answer must be no
5xx, a documented status, a documented content type and a body that matches the document.
Examples are few and derandomized so the run is the same each time and fits CI.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import uvicorn
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.plugin import bearer, serving, settings_for
from lattice_platform.auth import Role, SigningKey
from lattice_platform.server import server_options
from lattice_platform.settings import ServiceSettings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "openapi"
SERVICES = ("profile", "openings", "learning", "notifier", "insights", "webhooks")
EXAMPLES_PER_OPERATION = 60
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXTRA_ENVIRONMENT = {
    "profile": {
        "LATTICE_PROFILE_HRIS_WEBHOOK_SECRET": "fuzz-secret",
        "LATTICE_PROFILE_SCIM_TOKEN_SHA256": hashlib.sha256(b"fuzz-scim-token").hexdigest(),
    }
}


@dataclass
class Findings:
    examples: int = 0
    failures: dict[str, str] = field(default_factory=dict)

    def report(self) -> str:
        return "\n\n".join(f"{where}:\n{what}" for where, what in sorted(self.failures.items()))


def build_app(service: str, environment: dict[str, str]) -> FastAPI:
    bootstrap = importlib.import_module(f"lattice_{service}.bootstrap")
    settings_module = importlib.import_module(f"lattice_{service}.settings")
    settings_cls: type[ServiceSettings] = next(
        getattr(settings_module, name)
        for name in dir(settings_module)
        if name.lower() == f"{service}settings"
    )
    settings = settings_for(settings_cls, environment | EXTRA_ENVIRONMENT.get(service, {}))
    _, app = bootstrap.build(settings)
    return app


@pytest.fixture
async def served(
    request: pytest.FixtureRequest, service_environment: dict[str, str]
) -> AsyncIterator[str]:
    """The service's base URL, served as in production, with its lifespan running."""
    app = build_app(request.param, service_environment)
    async with serving(app):
        local = app.state.runtime.settings.model_copy(
            update={"http_host": "127.0.0.1", "http_port": 0}
        )
        server = uvicorn.Server(uvicorn.Config(app, lifespan="off", **server_options(local)))
        task = asyncio.create_task(server.serve())
        await wait_until(lambda: server.started)
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            await task


def fuzz(document: dict[str, Any], base_url: str, headers: dict[str, str]) -> tuple[int, Findings]:
    schema = schemathesis.openapi.from_dict(document)
    # Unknown query parameters are ignored, as the documents allow; the token is always sent.
    schema.config.generation.update(
        allow_extra_parameters=False, with_security_parameters=False, deterministic=True
    )
    findings = Findings()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        run = _examples_of(operation, base_url, headers, findings)
        run()
    return len(operations), findings


def _examples_of(
    operation: Any, base_url: str, headers: dict[str, str], findings: Findings
) -> Callable[[], None]:
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def run(case: Any) -> None:
        findings.examples += 1
        try:
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)
        except (Exception, BaseExceptionGroup) as failure:
            where = f"{operation.method.upper()} {operation.path} [{type(failure).__name__}]"
            findings.failures.setdefault(where, str(failure)[:2000])

    return run


@pytest.mark.parametrize("served", SERVICES, indirect=True)
async def test_no_answer_contradicts_the_published_document(
    served: str, request: pytest.FixtureRequest, signing_key: SigningKey
) -> None:
    service = request.node.callspec.params["served"]
    document = json.loads((DOCS / f"{service}.json").read_text())
    callers = {  # one that may do anything, and one that may do little
        "all roles": signing_key.mint("fuzzer", list(Role), employee_id="E-FUZZ"),
        "service account": signing_key.mint("fuzz-svc", [Role.SERVICE]),
    }
    failures: list[str] = []
    for caller, token in callers.items():
        operations, findings = await asyncio.to_thread(fuzz, document, served, bearer(token))
        print(f"{service}, {caller}: {operations} operations, {findings.examples} examples")
        failures += [f"as {caller}: {findings.report()}"] if findings.failures else []
    assert not failures, "\n\n".join(failures)
