"""``lattice-openings import-roles FILE``: load the job architecture from JSON or CSV.

The events go to the outbox with the roles; a running service relays them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from lattice_platform.db import open_pool
from lattice_platform.skills import load_taxonomy

from lattice_openings.adapters.repository import unit_of_work
from lattice_openings.adapters.role_files import roles_from_csv, roles_from_json
from lattice_openings.bootstrap import runtime_for
from lattice_openings.domain.common import RejectedError
from lattice_openings.domain.roles import Role
from lattice_openings.service_layer.handlers import define_roles
from lattice_openings.settings import OpeningsSettings


def import_roles(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Create or replace roles and career paths from a .json or .csv file, all or nothing."""
    text = path.read_text()
    try:
        roles = roles_from_csv(text) if path.suffix.lower() == ".csv" else roles_from_json(text)
        changed = asyncio.run(_import(OpeningsSettings(), roles))
    except RejectedError as rejected:
        for problem in rejected.problems:
            typer.echo(f"{problem.field}: {problem.message}", err=True)
        raise typer.Exit(1) from rejected
    typer.echo(f"{len(roles)} role(s) read, {len(changed)} created or changed")


async def _import(settings: OpeningsSettings, roles: list[Role]) -> list[Role]:
    runtime = runtime_for(settings)
    await runtime.migrate()
    database_url = settings.database_url.get_secret_value()
    async with (
        open_pool(database_url, settings.db_schema, 1, 1) as pool,
        unit_of_work(pool, runtime.outbox) as uow,
    ):
        return await define_roles(uow, roles, load_taxonomy())
