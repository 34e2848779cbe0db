"""Onboarding an organisation from a CSV file: the file goes to the profile service in parts (each
with the header row), one request and one transaction per part, so the progress shown is the
rows the service has answered for. Rejected rows keep their line in the file uploaded."""

from __future__ import annotations

import asyncio
import csv
import io
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog

log = structlog.get_logger(__name__)

PART_ROWS = 200
"""Rows a request: well under the profile service's LATTICE_PROFILE_IMPORT_BATCH_SIZE (2000)."""


class UnreadableFileError(ValueError):
    pass


@dataclass(frozen=True)
class Part:
    text: str
    rows: int
    lines: dict[int, int]
    """The line where each row ends in this part's text -> the line where it ends in the file."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    employee_id: str
    reason: str


def parts(upload: bytes, rows_a_part: int = PART_ROWS) -> list[Part]:
    """The file cut into parts of ``rows_a_part`` rows, each starting with the file's header."""
    try:
        text = upload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError("the file is not UTF-8 text") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise UnreadableFileError("the file is empty: it needs a header row and a row a person")
    rows = [(row, reader.line_num) for row in reader if row]
    return [_part(header, rows[i : i + rows_a_part]) for i in range(0, len(rows), rows_a_part)]


def _part(header: list[str], rows: list[tuple[list[str], int]]) -> Part:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    lines = {}
    for row, file_line in rows:
        writer.writerow(row)
        lines[out.getvalue().count("\n")] = file_line
    return Part(out.getvalue(), len(rows), lines)


Send = Callable[[str], Awaitable[dict[str, Any]]]
"""Sends one part to the profile service and returns its answer (raises with a message)."""


@dataclass
class Onboarding:
    """One upload on its way: what the service has answered so far."""

    owner: str
    total: int
    job_id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    done: int = 0
    applied: int = 0
    skipped: int = 0
    ignored: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    problem: str | None = None
    finished: bool = False
    task: asyncio.Task[None] | None = None

    async def run(self, file_parts: list[Part], send: Send) -> None:
        try:
            for part in file_parts:
                answer = await send(part.text)
                self._count(part, answer)
        except Exception as exc:  # shown on the page: the parts before it stay applied
            self.problem = str(exc) or type(exc).__name__
            log.warning(
                "onboarding.stopped", job_id=self.job_id, rows=self.done, error=self.problem
            )
        finally:
            self.finished = True

    def _count(self, part: Part, answer: dict[str, Any]) -> None:
        self.done += part.rows
        self.applied += answer["applied"]
        self.skipped += answer["skipped"]
        self.ignored += answer["ignored"]
        self.rejected += [
            RejectedRow(part.lines.get(r["line"], r["line"]), r["employee_id"], r["reason"])
            for r in answer["rejected"]
        ]

    @property
    def progress(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "finished": self.finished}


@dataclass
class Onboardings:
    """The uploads of this console process, each visible to the person who started it only.
    Kept in memory like the sessions; a restart forgets them (what was applied stays applied)."""

    _by_id: dict[str, Onboarding] = field(default_factory=dict)

    def start(self, owner: str, file_parts: list[Part], send: Send) -> Onboarding:
        job = Onboarding(owner, sum(p.rows for p in file_parts))
        job.task = asyncio.create_task(job.run(file_parts, send))
        self._by_id[job.job_id] = job
        return job

    def of(self, owner: str, job_id: str) -> Onboarding | None:
        job = self._by_id.get(job_id)
        return job if job is not None and job.owner == owner else None
