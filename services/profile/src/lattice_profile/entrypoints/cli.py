"""``lattice-profile import-employees FILE.csv``: onboard an organisation's employee population."""

from __future__ import annotations

import asyncio
import csv
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer
from lattice_platform import db
from lattice_platform.clock import utc_now
from lattice_platform.runtime import Runtime
from lattice_platform.telemetry.setup import configure_logging
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lattice_profile.adapters.employee_csv import Rejection, count_rows, read_employees
from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.domain.model import EmploymentRecord
from lattice_profile.service_layer import handlers
from lattice_profile.settings import ProfileSettings


def import_employees(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV export.")],
    rejects: Annotated[
        Path | None,
        typer.Option(help="Write rejected rows (line, employee_id, reason) here; else stdout."),
    ] = None,
) -> None:
    """Load (or refresh) employees from a CSV file; columns in services/profile/README.md."""
    settings = ProfileSettings()
    configure_logging(settings.log_level, settings.log_json)  # to stderr: stdout has the report
    from lattice_profile.bootstrap import build_runtime  # noqa: PLC0415  (no import cycle at load)

    summary = asyncio.run(run_import(build_runtime(settings), settings, file, rejects))
    Console(stderr=True).print(summary)


async def run_import(
    runtime: Runtime, settings: ProfileSettings, file: Path, rejects: Path | None
) -> str:
    started = time.perf_counter()
    await runtime.migrate()
    rows = count_rows(file)
    rejected: list[Rejection] = []
    applied = stale = erased = 0
    async with db.open_pool(
        settings.database_url.get_secret_value(), settings.db_schema, 1, 2
    ) as pool:
        with _progress() as progress:
            task = progress.add_task("employees", total=rows)
            entries = read_employees(file, default_effective_at=utc_now())
            for batch in _batches(_accepted(entries, rejected), settings.import_batch_size):
                async with PostgresProfileUnitOfWork.begin(pool, runtime.outbox) as uow:
                    outcome = await handlers.import_employment(
                        uow, batch, discoverable_by_default=settings.default_discoverable
                    )
                applied += outcome.applied
                stale += len(outcome.stale)
                erased += len(outcome.erased)
                progress.update(task, completed=applied + stale + erased + len(rejected))
            progress.update(task, completed=rows)
    _write_rejections(rejected, rejects)
    elapsed = time.perf_counter() - started
    return (
        f"{rows} rows in {elapsed:.1f} s: {applied} applied, "
        f"{stale} skipped (that or a newer change was already applied), "
        f"{erased} ignored (the employee was erased), {len(rejected)} rejected"
    )


def _accepted(
    entries: Iterable[EmploymentRecord | Rejection], rejected: list[Rejection]
) -> Iterator[EmploymentRecord]:
    for entry in entries:
        if isinstance(entry, Rejection):
            rejected.append(entry)
        else:
            yield entry


def _batches(records: Iterator[EmploymentRecord], size: int) -> Iterator[list[EmploymentRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )


def _write_rejections(rejected: list[Rejection], path: Path | None) -> None:
    if not rejected:
        return
    target = path.open("w", newline="", encoding="utf-8") if path else nullcontext(sys.stdout)
    with target as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "employee_id", "reason"])
        writer.writerows((r.line, r.employee_id, r.reason) for r in rejected)
