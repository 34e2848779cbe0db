"""kube-score on the rendered prod overlay reports nothing but the findings the operations guide
justifies (docs/operations.md#kubernetes-lint), each switched off here by name."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from test_deploy_manifests import KUBERNETES, KUBERNETES_VERSION, render_overlay

KUBE_SCORE = shutil.which("kube-score")
JUSTIFIED = [
    "--ignore-container-cpu-limit",  # the CPU limits policy: no CPU limit, on purpose
    "--ignore-test=container-image-pull-policy",  # images by digest: IfNotPresent pulls the same
    "--ignore-test=deployment-has-host-podantiaffinity",  # topology spread does it, softly
]


@pytest.mark.skipif(
    KUBE_SCORE is None and not os.environ.get("CI"),
    reason="kube-score is not installed (.ci/run installs it)",
)
def test_kube_score_finds_nothing_unjustified_in_the_prod_overlay(tmp_path: Path) -> None:
    assert KUBE_SCORE is not None, "kube-score is required in CI"
    rendered = tmp_path / "prod.yaml"
    rendered.write_text(yaml.safe_dump_all(render_overlay.render(KUBERNETES / "overlays" / "prod")))
    scored = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        [
            KUBE_SCORE,
            "score",
            str(rendered),
            "--output-format=ci",
            f"--kubernetes-version=v{KUBERNETES_VERSION}",
            "--exit-one-on-warning",
            *JUSTIFIED,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = [
        line for line in scored.stdout.splitlines() if not line.startswith(("[OK]", "[SKIPPED]"))
    ]
    assert scored.returncode == 0, "\n".join(findings) + scored.stderr
    assert not findings
    assert "lattice-notifier" in scored.stdout  # it scored the overlay, not an empty file
