"""The local docs site (`lattice up`, `lattice docs --serve`) works on an air-gapped network: its
pages name no other host, and in a real browser (Debian's chromium, driven by Playwright) Swagger
UI and the AsyncAPI viewer render while every request the pages make stays on the site."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi.testclient import TestClient
from lattice_devstack.docs import docs_site
from lattice_devstack.infra import free_port
from playwright.async_api import async_playwright

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHROMIUM = Path("/usr/bin/chromium")
PAGES = ("/", "/openapi/notifier", "/openapi/profile", "/asyncapi")
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']""")


def test_the_docs_pages_reference_only_files_the_site_serves_itself() -> None:
    with TestClient(docs_site(DOCS)) as site:
        for page in PAGES:
            text = site.get(page).text
            references = [a or b for a, b in REFERENCE.findall(text)]
            assert references, page
            for reference in references:
                assert reference.startswith("/"), f"{page} loads {reference}"
                assert site.get(reference).status_code == 200, f"{page}: {reference}"
            assert "cdn" not in text.lower(), page


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(docs_site(DOCS), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the docs site did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium: apt-get install -y chromium (.ci/run installs it)",
)
@pytest.mark.parametrize(
    ("page", "rendered"),
    [
        ("/openapi/notifier", ".swagger-ui .info .title"),
        ("/asyncapi", "#asyncapi #introduction"),
    ],
)
async def test_a_docs_page_renders_in_a_browser_without_asking_any_other_host(
    site_url: str, page: str, rendered: str
) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = await browser.new_page()
            asked: list[str] = []
            tab.on("request", lambda request: asked.append(request.url))
            await tab.goto(site_url + page)
            await tab.locator(rendered).first.wait_for(timeout=60_000)
        finally:
            await browser.close()
    hosts = {urlsplit(url).netloc for url in asked if not url.startswith("data:")}
    assert hosts == {urlsplit(site_url).netloc}, asked
