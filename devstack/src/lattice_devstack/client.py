"""The typed Python client (clients/python), generated from the published OpenAPI documents by
openapi-python-client: one subpackage of ``lattice_client`` per service.

The generator runs from its own locked project (clients/generator: it caps typer below what the
platform's CLI needs), so the same documents always give the same code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = ROOT / "clients" / "generator"
PACKAGE = Path("clients/python/src/lattice_client")
# The generator's own ruff (its lock pins it) formats what it wrote, where nothing of
# the repository's configuration reaches (its lint fixes would break the typing).
POST_HOOKS = 'post_hooks: ["ruff format . --quiet"]\n'


def generated_root(service: str) -> Path:
    """Where a service's generated subpackage lives, relative to the repository."""
    return PACKAGE / service


def generate(documents: Mapping[str, str]) -> dict[str, str]:
    """Each generated file's text by its path in the repository, from ``{service: OpenAPI}``."""
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv is needed to run the client generator (./lattice installs it)")
    files: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="lattice-client-") as scratch:
        for service, document in sorted(documents.items()):
            source, config, out = (Path(scratch) / f"{service}{s}" for s in (".json", ".yaml", ""))
            source.write_text(document)
            config.write_text(f"package_name_override: {service}\n{POST_HOOKS}")
            _run_generator(uv, source, config, out)
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    relative = path.relative_to(out).as_posix()
                    files[f"{generated_root(service).as_posix()}/{relative}"] = path.read_text()
    return files


def _run_generator(uv: str, source: Path, config: Path, out: Path) -> None:
    command = [
        uv,
        "run",
        "--quiet",
        "--locked",
        "--python",
        sys.executable,
        "--project",
        str(GENERATOR),
        "openapi-python-client",
        "generate",
        "--path",
        str(source),
        "--config",
        str(config),
        "--meta",
        "none",
        "--output-path",
        str(out),
    ]
    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    environment["RUFF_NO_CACHE"] = "true"  # no .ruff_cache among the generated files
    done = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        command, capture_output=True, text=True, check=False, env=environment
    )
    if done.returncode != 0 or not out.is_dir():
        failure = f"{done.stdout}{done.stderr}"
        raise RuntimeError(f"openapi-python-client failed on {source.name}:\n{failure}")


def leftovers(generated: Mapping[str, str]) -> list[str]:
    """Files in the generated subpackages (every directory of the package) that the generator
    no longer writes."""
    found = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / PACKAGE).glob("*/**/*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    return sorted(found - set(generated))
