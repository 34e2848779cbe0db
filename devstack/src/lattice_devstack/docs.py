"""Generating and serving the published docs: events (AsyncAPI, JSON Schema) and HTTP (OpenAPI)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from lattice_devstack.event_docs import generate as event_docs
from lattice_devstack.stack import SERVICES


def openapi(service: str) -> dict[str, Any]:
    """The service's OpenAPI document, built without starting it."""
    bootstrap = importlib.import_module(f"lattice_{service}.bootstrap")
    settings_module = importlib.import_module(f"lattice_{service}.settings")
    settings_cls = next(
        getattr(settings_module, name)
        for name in dir(settings_module)
        if name.lower() == f"{service}settings"
    )
    _, app = bootstrap.build(settings_cls())
    document: dict[str, Any] = app.openapi()
    return document


def openapi_documents(generated: dict[str, str]) -> dict[str, str]:
    """``{service: its OpenAPI document}`` out of :func:`generate_all`'s files."""
    return {service: generated[f"openapi/{service}.json"] for service in SERVICES}


def generate_all() -> dict[str, str]:
    files = event_docs()
    for service in SERVICES:
        files[f"openapi/{service}.json"] = (
            json.dumps(openapi(service), indent=2, sort_keys=True) + "\n"
        )
    return files


def serve_docs(docs_dir: Path, port: int = 8000) -> None:
    import uvicorn  # noqa: PLC0415

    uvicorn.run(docs_site(docs_dir), host="127.0.0.1", port=port)


def docs_site(docs_dir: Path) -> FastAPI:
    """A local docs site: Swagger UI per service and the AsyncAPI document (dev only)."""
    from fastapi.openapi.docs import get_swagger_ui_html  # noqa: PLC0415
    from fastapi.responses import FileResponse, HTMLResponse  # noqa: PLC0415
    from faststream.specification.asyncapi.site import get_asyncapi_html  # noqa: PLC0415

    site = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @site.get("/", response_class=HTMLResponse)
    def index() -> str:
        links = "".join(f'<li><a href="/openapi/{s}">{s} HTTP API</a></li>' for s in SERVICES)
        events = "<li><a href='/asyncapi'>events (AsyncAPI)</a></li>"
        return f"<h1>Lattice docs</h1><ul>{links}{events}</ul>"

    @site.get("/openapi/{service}.json")
    def openapi_file(service: str) -> FileResponse:
        return FileResponse(docs_dir / "openapi" / f"{service}.json")

    @site.get("/openapi/{service}", response_class=HTMLResponse)
    def swagger(service: str) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"/openapi/{service}.json", title=f"Lattice {service}"
        )

    @site.get("/asyncapi", response_class=HTMLResponse)
    def asyncapi() -> str:
        committed = _CommittedSpecification(docs_dir / "asyncapi.json")
        return get_asyncapi_html(committed, try_it_out_path=None)  # type: ignore[arg-type]

    return site


class _CommittedSpecification:
    """The committed AsyncAPI document, in the shape FastStream's page renderer reads."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def to_json(self) -> str:
        return self._path.read_text()

    @property
    def title(self) -> str:
        return str(json.loads(self.to_json())["info"]["title"])
