"""Spectral's recommended OpenAPI rules (.spectral.yaml) find nothing in the published documents.
Spectral is installed from package-lock.json by .ci/run and ./lattice test (where npm is)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
DOCUMENTS = sorted((ROOT / "docs" / "openapi").glob("*.json"))


@pytest.mark.skipif(
    not SPECTRAL.exists() and not os.environ.get("CI"),
    reason="Spectral is not installed (npm ci, as .ci/run and ./lattice test do)",
)
def test_spectral_finds_nothing_in_the_published_openapi_documents() -> None:
    assert SPECTRAL.exists(), "Spectral is required in CI"
    assert DOCUMENTS
    linted = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        [
            str(SPECTRAL),
            "lint",
            *map(str, DOCUMENTS),
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "--format",
            "json",
            "--fail-severity",
            "hint",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    findings = json.loads(linted.stdout or "[]")
    report = [f"{f['source']}: {f['code']} at {'.'.join(map(str, f['path']))}" for f in findings]
    assert not report, "\n".join(report[:50])
    assert linted.returncode == 0, linted.stderr
