"""The bulk-onboarding file: one employee per row, validated by the HRIS contract itself."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pydantic
from lattice_platform.contracts.events import HrisEmployeeRecord

from lattice_profile.adapters.wire import employment_from
from lattice_profile.domain.model import EmploymentRecord

COLUMNS = (
    "employee_id",
    "name",
    "work_email",
    "role_id",
    "grade",
    "track",
    "department",
    "location",
    "manager_id",
    "hire_date",
    "role_start_date",
    "status",
    "effective_at",
)
REQUIRED = frozenset(COLUMNS) - {"role_id", "manager_id", "status", "effective_at"}


@dataclass(frozen=True)
class Rejection:
    line: int
    employee_id: str
    reason: str


class MissingColumnsError(ValueError):
    def __init__(self, missing: frozenset[str]) -> None:
        super().__init__(f"the file lacks the column(s): {', '.join(sorted(missing))}")


def count_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def read_employees(
    path: Path, default_effective_at: datetime
) -> Iterator[EmploymentRecord | Rejection]:
    """Each data row as a record, or as a rejection with its reason, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        yield from read_employee_lines(handle, default_effective_at)


def read_employee_lines(
    lines: Iterable[str], default_effective_at: datetime
) -> Iterator[EmploymentRecord | Rejection]:
    """As :func:`read_employees`, from the file's text (a file, or an uploaded body's lines)."""
    seen: set[str] = set()
    reader = csv.DictReader(lines)
    missing = REQUIRED - set(reader.fieldnames or ())
    if missing:
        raise MissingColumnsError(missing)
    for row in reader:
        line = reader.line_num
        employee_id = (row.get("employee_id") or "").strip()
        if employee_id in seen:
            yield Rejection(line, employee_id, "employee_id appears earlier in the file")
            continue
        try:
            record = _record(row, default_effective_at)
        except pydantic.ValidationError as exc:
            yield Rejection(line, employee_id, _reason(exc))
            continue
        seen.add(employee_id)
        yield record


def _record(row: dict[str, str | None], default_effective_at: datetime) -> EmploymentRecord:
    def value(column: str) -> str | None:
        text = (row.get(column) or "").strip()
        return text or None

    contract = HrisEmployeeRecord.model_validate(
        {
            "hris_id": value("employee_id"),
            "change": "hired",
            "name": value("name"),
            "work_email": value("work_email"),
            "role_id": value("role_id"),
            "grade": value("grade"),
            "track": value("track"),
            "department": value("department"),
            "location": value("location"),
            "manager_hris_id": value("manager_id"),
            "hire_date": value("hire_date"),
            "role_start_date": value("role_start_date"),
            "status": value("status") or "active",
            "effective_at": value("effective_at") or default_effective_at,
        }
    )
    return employment_from(contract)


_FIELD_TO_COLUMN = {"hris_id": "employee_id", "manager_hris_id": "manager_id"}


def _reason(exc: pydantic.ValidationError) -> str:
    return "; ".join(
        f"{_FIELD_TO_COLUMN.get(str(e['loc'][0]), str(e['loc'][0]))}: {e['msg']}"
        for e in exc.errors()
    )
