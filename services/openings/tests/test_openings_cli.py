"""``python -m lattice_openings import-roles``, run as a process against real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import asyncpg

ROLES = [
    {
        "role_id": "swe-3",
        "title": "Senior Software Engineer",
        "job_family": "engineering",
        "track": "individual_contributor",
        "grade": 6,
        "skill_profile": [{"skill_id": "k8s", "level": 3}],
        "paths": [{"to_role_id": "em-1", "kind": "track_switch"}],
    },
    {
        "role_id": "em-1",
        "title": "Engineering Manager",
        "job_family": "engineering",
        "track": "management",
        "grade": 6,
    },
]


def _import(path: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, arguments from the test
        [sys.executable, "-m", "lattice_openings", "import-roles", str(path)],
        env=os.environ | environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def _stored(database_url: str) -> tuple[list[str], list[bytes]]:
    conn = await asyncpg.connect(database_url)
    try:
        roles = await conn.fetch("SELECT role_id FROM openings.roles ORDER BY role_id")
        keys = await conn.fetch("SELECT key FROM openings.outbox ORDER BY id")
        return [r["role_id"] for r in roles], [k["key"] for k in keys]
    finally:
        await conn.close()


def test_import_roles_loads_a_json_file_and_queues_one_event_per_role(
    tmp_path: Path, service_environment: dict[str, str]
) -> None:
    path = tmp_path / "roles.json"
    path.write_text(json.dumps({"roles": ROLES}))
    done = _import(path, service_environment)
    assert done.returncode == 0, done.stderr
    assert "2 role(s) read, 2 created or changed" in done.stdout
    roles, keys = asyncio.run(_stored(service_environment["DATABASE_URL"]))
    assert roles == ["em-1", "swe-3"]
    assert keys == [b"swe-3", b"em-1"]


def test_import_roles_refuses_a_bad_csv_whole_and_says_why(
    tmp_path: Path, service_environment: dict[str, str]
) -> None:
    path = tmp_path / "roles.csv"
    path.write_text(
        "role_id,title,job_family,track,grade,skill_profile,paths\n"
        "swe-3,Senior,engineering,individual_contributor,6,pyton:4,\n"
        "swe-4,Staff,engineering,individual_contributor,7,python:4,\n"
    )
    done = _import(path, service_environment)
    assert done.returncode == 1
    assert "roles[0].skill_profile[0].skill_id: unknown skill 'pyton'" in done.stderr
    assert asyncio.run(_stored(service_environment["DATABASE_URL"])) == ([], [])
