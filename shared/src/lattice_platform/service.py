"""The command line every service has: ``serve`` (the default) and ``migrate``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer
import uvicorn
from fastapi import FastAPI

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
    cli = typer.Typer(add_completion=False, no_args_is_help=False)
    for command in extra_commands:
        cli.command()(command)

    @cli.command()
    def serve() -> None:
        """Migrate, then serve HTTP and consume events until SIGTERM/SIGINT."""
        settings = settings_factory()
        _, app = build(settings)
        uvicorn.run(app, **server_options(settings))

    @cli.command()
    def migrate() -> None:
        """Apply the service's pending migrations and exit."""
        settings = settings_factory()
        configure_logging(settings.log_level, settings.log_json)
        runtime, _ = build(settings)
        applied = asyncio.run(runtime.migrate())
        typer.echo(f"{settings.service_name}: applied {len(applied)} migration(s)")

    @cli.callback(invoke_without_command=True)
    def default(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            serve()

    cli()
