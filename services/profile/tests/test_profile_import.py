"""Bulk onboarding from an HRIS CSV export, through the service's own command line."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest
from lattice_profile.settings import ProfileSettings
from profile_population import write_population

HEADER = (
    "employee_id,name,work_email,role_id,grade,track,department,location,manager_id,"
    "hire_date,role_start_date,status,effective_at\n"
)
ROWS = [
    "E1,Ana Silva,ana@example.com,swe-2,5,individual_contributor,engineering,lisbon,M1,"
    "2022-03-01,2024-05-01,active,2026-01-01T09:00:00Z",
    "M1,Rui Costa,rui@example.com,em-1,7,management,engineering,lisbon,,2019-01-07,2023-02-01,,",
    "E2,Bea Lima,bea@example.com,,senior,individual_contributor,sales,porto,M1,"
    "2021-01-04,2021-01-04,active,",
    "E3,Caio Reis,caio@example.com,swe-1,3,sideways,engineering,lisbon,M1,"
    "2025-13-01,2025-01-01,active,",
    "E1,Ana Again,ana2@example.com,swe-3,6,individual_contributor,engineering,lisbon,M1,"
    "2022-03-01,2024-05-01,active,",
    ",No Id,noid@example.com,swe-1,3,individual_contributor,engineering,lisbon,M1,"
    "2025-01-01,2025-01-01,active,",
]


def run_cli(settings: ProfileSettings, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url.get_secret_value(),
        "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
        "LOG_JSON": "false",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lattice_profile", "import-employees", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


async def rows(settings: ProfileSettings, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        await conn.execute("SET search_path TO profile")
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def test_an_import_loads_the_good_rows_and_reports_each_rejected_row_with_its_reason(
    profile_settings: ProfileSettings, tmp_path: Path
) -> None:
    export = tmp_path / "employees.csv"
    export.write_text(HEADER + "\n".join(ROWS) + "\n")
    done = await asyncio.to_thread(run_cli, profile_settings, str(export))
    assert done.returncode == 0, done.stderr
    header, *rejected = csv.reader(io.StringIO(done.stdout))
    assert header == ["line", "employee_id", "reason"]
    assert [(line, employee_id) for line, employee_id, _ in rejected] == [
        ("4", "E2"),
        ("5", "E3"),
        ("6", "E1"),
        ("7", ""),
    ]
    reasons = [reason for *_, reason in rejected]
    assert (
        reasons[0] == "grade: Input should be a valid integer, unable to parse string as an integer"
    )
    assert "track: Input should be 'management' or 'individual_contributor'" in reasons[1]
    assert "hire_date: Input should be a valid date" in reasons[1]
    assert reasons[2] == "employee_id appears earlier in the file"
    assert reasons[3].startswith("employee_id: Input should be a valid string")
    assert "6 rows" in done.stderr
    assert "2 applied, 0 skipped" in done.stderr
    assert "4 rejected" in done.stderr

    stored = await rows(profile_settings, "SELECT employee_id, name, manager_id FROM employees")
    assert sorted(tuple(r) for r in stored) == [
        ("E1", "Ana Silva", "M1"),
        ("M1", "Rui Costa", None),
    ]
    events = await rows(profile_settings, "SELECT key FROM outbox ORDER BY id")
    assert [bytes(r["key"]) for r in events] == [b"E1", b"M1"], "events written with the rows"


async def test_importing_the_same_export_again_changes_nothing(
    profile_settings: ProfileSettings, tmp_path: Path
) -> None:
    export = write_population(tmp_path / "employees.csv", 50)
    rejects = tmp_path / "rejects.csv"
    first = await asyncio.to_thread(run_cli, profile_settings, str(export))
    again = await asyncio.to_thread(
        run_cli, profile_settings, str(export), "--rejects", str(rejects)
    )
    assert "50 applied" in first.stderr
    assert "0 applied, 50 skipped" in again.stderr
    assert not rejects.exists(), "no rejected rows, no report file"
    events = await rows(profile_settings, "SELECT count(*) FROM outbox")
    assert events[0][0] == 50


@pytest.mark.slow
async def test_a_hundred_thousand_employees_load_in_minutes(
    profile_settings: ProfileSettings, tmp_path: Path
) -> None:
    export = write_population(tmp_path / "employees.csv", 100_000)
    started = time.perf_counter()
    done = await asyncio.to_thread(run_cli, profile_settings, str(export))
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "100000 applied" in done.stderr
    stored = await rows(profile_settings, "SELECT count(*) FROM employees")
    assert stored[0][0] == 100_000
    assert elapsed < 300, f"took {elapsed:.0f} s"
