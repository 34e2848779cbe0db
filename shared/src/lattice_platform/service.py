"""The command line every service has: ``serve`` (the default) and ``migrate`` (with ``--dry-run``,
``status`` and ``wait``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer
import uvicorn
from fastapi import FastAPI

from lattice_platform import db
from lattice_platform.runtime import Runtime
from lattice_platform.server import server_options
from lattice_platform.settings import ServiceSettings
from lattice_platform.telemetry.setup import configure_logging

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


def service_main(
    settings_factory: Callable[[], SettingsT],
    build: Callable[[SettingsT], tuple[Runtime, FastAPI]],
    extra_commands: Sequence[Callable[..., None]] = (),
) -> None:
    """Run the service's command line. ``build`` wires the service from the settings that
    ``settings_factory`` reads, of the service's own settings type. ``extra_commands`` are
    further typer commands (their function names become command names), e.g. a bulk import."""
    service_cli(settings_factory, build, extra_commands)()


def service_cli(
    settings_factory: Callable[[], SettingsT],
    build: Callable[[SettingsT], tuple[Runtime, FastAPI]],
    extra_commands: Sequence[Callable[..., None]] = (),
) -> typer.Typer:
    """The command line :func:`service_main` runs."""
    cli = typer.Typer(add_completion=False, no_args_is_help=False)
    for command in extra_commands:
        cli.command()(command)

    @cli.command()
    def serve() -> None:
        """Migrate (unless DB_MIGRATE_ON_START is off), then serve HTTP and consume events until
        SIGTERM/SIGINT."""
        settings = settings_factory()
        _, app = build(settings)
        uvicorn.run(app, **server_options(settings))

    migrations = typer.Typer(help="Apply the service's pending migrations and exit.")
    cli.add_typer(migrations, name="migrate")

    def runtime() -> tuple[ServiceSettings, Runtime]:
        settings = settings_factory()
        configure_logging(settings.log_level, settings.log_json)
        return settings, build(settings)[0]

    @migrations.callback(invoke_without_command=True)
    def migrate(
        ctx: typer.Context,
        dry_run: bool = typer.Option(
            False, "--dry-run", help="List what would be applied; apply nothing."
        ),
    ) -> None:
        """Apply the service's pending migrations and exit (refused if an applied one was
        edited)."""
        if ctx.invoked_subcommand is not None:
            return
        settings, service = runtime()
        try:
            applied = asyncio.run(service.migrate(dry_run=dry_run))
        except db.EditedMigrationError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
        if dry_run:
            typer.echo(f"{settings.service_name}: would apply {len(applied)} migration(s)")
            for name in applied:
                typer.echo(f"  {name}")
        else:
            typer.echo(f"{settings.service_name}: applied {len(applied)} migration(s)")

    @migrations.command()
    def status() -> None:
        """Each migration and its state: applied, pending, edited (refused), unverified (applied
        before checksums; the next migrate records them) or unknown (from a newer release).
        Exits 1 if the schema is not current."""
        _, service = runtime()
        states = asyncio.run(service.migration_status())
        for state in states:
            when = state.applied_at.isoformat(timespec="seconds") if state.applied_at else ""
            typer.echo(f"{state.name:<48} {state.state:<10} {when}".rstrip())
        if any(s.state not in db.CURRENT for s in states):
            raise typer.Exit(1)

    @migrations.command()
    def wait(
        timeout: float = typer.Option(600.0, help="Seconds to wait before failing."),
    ) -> None:
        """Wait until the schema is current (every migration applied, unedited): for a rollout
        whose migrations run as their own step."""
        _, service = runtime()
        try:
            asyncio.run(service.wait_for_schema(timeout))
        except db.SchemaNotCurrentError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error

    @cli.callback(invoke_without_command=True)
    def default(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            serve()

    return cli
