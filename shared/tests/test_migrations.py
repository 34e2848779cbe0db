"""The migration runner on real PostgreSQL: checksums, status, dry run, waiting for the schema, and
the two database roles of a service (deploy/postgres/roles.sql)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from click.testing import Result
from fastapi import FastAPI
from lattice_platform import db
from lattice_platform.runtime import Runtime
from lattice_platform.service import service_cli
from lattice_platform.settings import ServiceSettings
from typer.testing import CliRunner

ROLES_SQL = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "roles.sql"
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


@pytest.fixture
async def roles(database_url: str) -> AsyncIterator[dict[str, str]]:
    """A migrator and a service role made by deploy/postgres/roles.sql; their URLs."""
    suffix = uuid.uuid4().hex[:8]
    names = {
        "schema": SCHEMA,
        "migrator": f"ledger_migrator_{suffix}",
        "service": f"ledger_{suffix}",
    }
    sql = re.sub(r':"(\w+)"', lambda m: f'"{names[m.group(1)]}"', ROLES_SQL.read_text())
    admin = await asyncpg.connect(database_url)
    try:
        await admin.execute(sql)
        yield {role: as_user(database_url, names[role]) for role in ("migrator", "service")}
    finally:
        for role in ("service", "migrator"):
            await admin.execute(f'DROP OWNED BY "{names[role]}" CASCADE')
            await admin.execute(f'DROP ROLE "{names[role]}"')
        await admin.close()


def as_user(url: str, user: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{user}@{parts.netloc.rpartition('@')[2]}"))


async def refused(conn: asyncpg.Connection, sql: str) -> bool:
    try:
        await conn.execute(sql)
    except asyncpg.InsufficientPrivilegeError:
        return True
    return False


async def test_the_service_role_reads_and_writes_its_tables_but_cannot_create_or_drop_one(
    roles: dict[str, str],
) -> None:
    migrations = [*db.platform_migrations(), THINGS]
    await Runtime(settings(roles["migrator"]), migrations).migrate()
    await Runtime(settings(roles["migrator"]), [*migrations, NOTES]).migrate()  # a later release

    service = Runtime(settings(roles["service"]), [*migrations, NOTES])
    conn = await asyncpg.connect(roles["service"])
    try:
        await conn.execute(
            "INSERT INTO ledger.things VALUES (1); UPDATE ledger.things SET id = 2;"
            " INSERT INTO ledger.notes DEFAULT VALUES;"
            " INSERT INTO ledger.outbox (topic, key, value, headers, event_id)"
            " VALUES ('t', 'k', 'v', '{}', 'e1')"
        )
        assert await conn.fetchval("SELECT count(*) FROM ledger.notes") == 1
        assert await conn.fetchval("SELECT id FROM ledger.things") == 2
        await conn.execute("DELETE FROM ledger.things")
        for statement in (
            "CREATE TABLE ledger.mine (id int)",
            "CREATE TABLE public.mine (id int)",
            "DROP TABLE ledger.things",
            "ALTER TABLE ledger.things ADD COLUMN x int",
            "TRUNCATE ledger.things",
        ):
            assert await refused(conn, statement), statement
    finally:
        await conn.close()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await Runtime(settings(roles["service"]), [*migrations, NOTES]).migrate()
    await service.wait_for_schema(timeout_s=5)
