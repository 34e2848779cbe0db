"""Generating and serving the published docs: events (AsyncAPI, JSON Schema) and HTTP (OpenAPI)."""

from __future__ import annotations

import html
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


VENDOR = Path(__file__).with_name("vendor")
"""Swagger UI and the AsyncAPI viewer, served by the site itself: nothing from a CDN."""


def docs_site(docs_dir: Path) -> FastAPI:
    """A local docs site: Swagger UI per service and the AsyncAPI document (dev only)."""
    from fastapi.openapi.docs import get_swagger_ui_html  # noqa: PLC0415
    from fastapi.responses import FileResponse, HTMLResponse  # noqa: PLC0415
    from fastapi.staticfiles import StaticFiles  # noqa: PLC0415

    site = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    site.mount("/vendor", StaticFiles(directory=VENDOR), name="vendor")

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
            openapi_url=f"/openapi/{service}.json",
            title=f"Lattice {service}",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/vendor/swagger-ui/favicon-32x32.png",
            # Swagger UI would otherwise ask validator.swagger.io for a badge.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @site.get("/asyncapi", response_class=HTMLResponse)
    def asyncapi() -> str:
        return _asyncapi_page(json.loads((docs_dir / "asyncapi.json").read_text()))

    return site


def _asyncapi_page(document: dict[str, Any]) -> str:
    """The committed AsyncAPI document in the AsyncAPI viewer (its standalone bundle)."""
    config = {
        "schema": document,
        "config": {
            "show": dict.fromkeys(
                ("sidebar", "info", "servers", "operations", "messages", "schemas", "errors"),
                True,
            ),
            "expand": {"messageExamples": True},
            "sidebar": {"showServers": "byDefault", "showOperations": "byDefault"},
        },
    }
    # The document goes in as JSON; "</" is escaped so no string in it can close the script.
    payload = json.dumps(config).replace("</", "<\\/")
    title = html.escape(str(document["info"]["title"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} AsyncAPI</title>
  <link rel="stylesheet" href="/vendor/asyncapi-react/default.min.css">
</head>
<body>
  <div id="asyncapi"></div>
  <script src="/vendor/asyncapi-react/index.js"></script>
  <script>
    window.AsyncApiStandalone.render({payload}, document.getElementById("asyncapi"));
  </script>
</body>
</html>"""
