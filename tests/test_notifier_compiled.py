"""The notifier as its image installs it (deploy/Dockerfile): the matching domain compiled by
mypyc. Its modules are C extensions there, and the notifier's in-memory tests pass on them, so
the rules the rest of the suite checks on the sources hold in the compiled build too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lattice_devstack.compiled import COMPILED_MODULES, ROOT, compiled_notifier

# The notifier's tests that need neither PostgreSQL nor a broker: the rules, the index, the
# handlers on the in-memory unit of work, the wire.
IN_MEMORY_TESTS = [
    f"services/notifier/tests/test_notifier_{name}.py"
    for name in (
        "matching_rules",
        "score",
        "index_change",
        "handlers",
        "rounds",
        "dismissals",
        "feed_action_rules",
        "wire",
    )
]

PROBE = """
import importlib


def test_the_compiled_modules_are_the_ones_imported():
    for name in {modules!r}:
        path = importlib.import_module(name).__file__
        assert path.startswith({target!r}) and path.endswith(".so"), path
"""


def test_the_image_build_compiles_the_matching_domain_and_nothing_else() -> None:
    package = compiled_notifier() / "lattice_notifier"
    extensions = sorted(
        ".".join((*path.relative_to(package.parent).parts[:-1], path.name.split(".")[0]))
        for path in package.rglob("*.so")
    )
    assert extensions == sorted(COMPILED_MODULES)
    for name in COMPILED_MODULES:  # the sources stay beside them (tracebacks, inspection)
        assert (package.parent / (name.replace(".", "/") + ".py")).is_file()


def test_the_notifiers_in_memory_tests_pass_on_the_compiled_domain(tmp_path: Path) -> None:
    target = compiled_notifier()
    probe = tmp_path / "test_compiled_probe.py"
    probe.write_text(PROBE.format(modules=COMPILED_MODULES, target=str(target)))
    for test in IN_MEMORY_TESTS:
        assert (ROOT / test).is_file(), test
    run = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",  # the probe checks the process the tests run in
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "run"),
            str(probe),
            *IN_MEMORY_TESTS,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, f"{run.stdout[-4000:]}{run.stderr[-2000:]}"
    assert " passed" in summary, summary  # not only skips
