"""The migration runner on real PostgreSQL: checksums, status, dry run, waiting for the schema."""

from __future__ import annotations

import asyncio
import re

import asyncpg
import pytest
from click.testing import Result
from fastapi import FastAPI
from lattice_platform import db
from lattice_platform.runtime import Runtime
from lattice_platform.service import service_cli
from lattice_platform.settings import ServiceSettings
from typer.testing import CliRunner

SCHEMA = "ledger"
THINGS = db.Migration(1, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
THINGS_EDITED = db.Migration(
    1, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY, note text);"
)
NOTES = db.Migration(2, "0002_notes.sql", "CREATE TABLE notes (id bigserial PRIMARY KEY);")


@pytest.fixture(autouse=True)
def _logging_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line would point logging at the test runner's captured output, closed after."""
    monkeypatch.setattr("lattice_platform.service.configure_logging", lambda *_: None)


def settings(url: str) -> ServiceSettings:
    return ServiceSettings(service_name=SCHEMA, database_url=url, log_json=False)


async def cli(url: str, migrations: list[db.Migration], *args: str) -> Result:
    """``lattice-<service> migrate ...`` as the platform builds it for every service."""

    def build(s: ServiceSettings) -> tuple[Runtime, FastAPI]:
        return Runtime(s, migrations), FastAPI()

    app = service_cli(lambda: settings(url), build)
    return await asyncio.to_thread(CliRunner().invoke, app, ["migrate", *args])


async def tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = $1", SCHEMA)
    finally:
        await conn.close()
    return {r["tablename"] for r in rows}


async def test_an_applied_migration_that_was_edited_is_refused_before_anything_is_applied(
    database_url: str,
) -> None:
    assert (await cli(database_url, [THINGS])).exit_code == 0

    refused = await cli(database_url, [THINGS_EDITED, NOTES])

    assert refused.exit_code == 1
    assert "0001_things.sql" in refused.output
    assert await tables(database_url) == {"schema_migrations", "things"}
    with pytest.raises(db.EditedMigrationError):
        await Runtime(settings(database_url), [THINGS_EDITED, NOTES]).migrate()


async def test_a_ledger_from_before_checksums_records_them_once_then_refuses_an_edit(
    database_url: str,
) -> None:
    conn = await asyncpg.connect(database_url)
    try:  # what the runner left before it kept checksums
        await conn.execute(
            f"CREATE SCHEMA {SCHEMA}; CREATE TABLE {SCHEMA}.things (id int PRIMARY KEY);"
            f" CREATE TABLE {SCHEMA}.schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
            f" INSERT INTO {SCHEMA}.schema_migrations (name) VALUES ('0001_things.sql')"
        )
    finally:
        await conn.close()
    runtime = Runtime(settings(database_url), [THINGS, NOTES])
    assert [s.state for s in await runtime.migration_status()] == ["unverified", "pending"]

    assert await runtime.migrate() == ["0002_notes.sql"]

    assert [s.state for s in await runtime.migration_status()] == ["applied", "applied"]
    with pytest.raises(db.EditedMigrationError):
        await Runtime(settings(database_url), [THINGS_EDITED, NOTES]).migrate()


async def test_status_shows_each_migration_and_fails_until_the_schema_is_current(
    database_url: str,
) -> None:
    await Runtime(settings(database_url), [THINGS]).migrate()

    behind = await cli(database_url, [THINGS, NOTES], "status")
    edited = await cli(database_url, [THINGS_EDITED], "status")
    await Runtime(settings(database_url), [THINGS, NOTES]).migrate()
    current = await cli(database_url, [THINGS], "status")

    assert behind.exit_code == 1
    assert re.search(r"^0001_things\.sql +applied +\d{4}-\d\d-\d\dT", behind.output, re.M)
    assert re.search(r"^0002_notes\.sql +pending$", behind.output, re.M)
    assert edited.exit_code == 1
    assert re.search(r"^0001_things\.sql +edited ", edited.output, re.M)
    assert current.exit_code == 0, current.output
    assert re.search(r"^0002_notes\.sql +unknown ", current.output, re.M)


async def test_a_dry_run_lists_what_would_be_applied_and_applies_nothing(
    database_url: str,
) -> None:
    fresh = await cli(database_url, [THINGS, NOTES], "--dry-run")
    assert fresh.exit_code == 0, fresh.output
    assert "would apply 2 migration(s)" in fresh.output
    assert await tables(database_url) == set()

    await Runtime(settings(database_url), [THINGS]).migrate()
    partial = await cli(database_url, [THINGS, NOTES], "--dry-run")

    assert partial.exit_code == 0
    assert "would apply 1 migration(s)\n  0002_notes.sql\n" in partial.output
    assert await tables(database_url) == {"schema_migrations", "things"}
    assert (await cli(database_url, [THINGS_EDITED], "--dry-run")).exit_code == 1


async def test_waiting_for_the_schema_returns_once_the_migration_step_has_run(
    database_url: str,
) -> None:
    runtime = Runtime(settings(database_url), [THINGS, NOTES])
    with pytest.raises(db.SchemaNotCurrentError, match=re.escape("0002_notes.sql")):
        await runtime.wait_for_schema(timeout_s=0.5, poll_s=0.2)

    waiting = asyncio.create_task(runtime.wait_for_schema(timeout_s=30, poll_s=0.2))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    await runtime.migrate()
    await asyncio.wait_for(waiting, 10)
