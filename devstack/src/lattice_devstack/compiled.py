"""The notifier as its image installs it, for the benchmarks and the test of the compiled build:
its wheel built with the mypyc build hook on (``HATCH_BUILD_HOOKS_ENABLE=1``, as in
deploy/Dockerfile), unpacked into a directory to put first on ``PYTHONPATH``. The matching
domain's modules in it are C extensions; the rest of the package is the sources.

The wheel is built from a copy of the sources: the hook compiles in place, and a compiled module
left beside its source in the working tree would shadow every later edit of that source.

    .venv/bin/python -m lattice_devstack.compiled      # builds if needed, prints the directory
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NOTIFIER = ROOT / "services" / "notifier"
BUILDS = ROOT / ".lattice" / "compiled"
# What the build hook compiles (services/notifier/pyproject.toml); the test of the compiled
# build checks each of them is an extension module.
COMPILED_MODULES = (
    "lattice_notifier.domain.model",
    "lattice_notifier.domain.matching",
    "lattice_notifier.domain.index",
)


def compiled_notifier() -> Path:
    """The directory holding the compiled notifier package, built once for these sources (a
    digest of them names it) with the interpreter running this."""
    sources = _sources()
    digest = hashlib.sha256(sys.version.encode())
    for path in sources:
        digest.update(path.relative_to(NOTIFIER).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    target = BUILDS / f"notifier-{digest.hexdigest()[:16]}"
    if (target / "lattice_notifier").is_dir():
        return target
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv is needed to build the compiled notifier (./lattice installs it)")
    with tempfile.TemporaryDirectory(prefix="lattice-compiled-") as scratch:
        copy, dist = Path(scratch) / "notifier", Path(scratch) / "dist"
        for path in sources:
            (copy / path.relative_to(NOTIFIER)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy / path.relative_to(NOTIFIER))
        built = subprocess.run(  # noqa: S603  # fixed arguments, no shell
            [uv, "build", "--wheel", "--python", sys.executable, str(copy), "-o", str(dist)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "HATCH_BUILD_HOOKS_ENABLE": "1"},
        )
        wheels = sorted(dist.glob("*.whl"))
        if built.returncode != 0 or len(wheels) != 1:
            failure = f"{built.stdout}{built.stderr}"
            raise RuntimeError(f"the compiled notifier did not build:\n{failure}")
        BUILDS.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=BUILDS))
        with zipfile.ZipFile(wheels[0]) as wheel:
            wheel.extractall(partial)
        try:
            partial.rename(target)
        except OSError:  # another run built the same sources meanwhile
            shutil.rmtree(partial)
            if not (target / "lattice_notifier").is_dir():
                raise
    return target


def _sources() -> list[Path]:
    """What the wheel is built from: the manifest and the package, without what Python or the
    hook left there."""
    package = sorted(
        path
        for path in (NOTIFIER / "src").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".so"
    )
    return [NOTIFIER / "pyproject.toml", *package]


if __name__ == "__main__":
    print(compiled_notifier())
