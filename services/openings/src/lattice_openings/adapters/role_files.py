"""Role definitions as they arrive from outside: one JSON shape for the API and bulk files, and a
CSV layout for spreadsheets.

CSV columns: ``role_id,title,job_family,track,grade,skill_profile,paths`` where ``skill_profile``
is ``python:4; kubernetes:3`` and ``paths`` is ``swe-4:upward; em-1:track_switch``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from lattice_platform.contracts.base import Id, Name, Track
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lattice_openings.domain.common import Problem, RejectedError, SkillNeed
from lattice_openings.domain.roles import CareerPath, PathKind, Role

ROLE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
MANY_PER_ROLE = 50
MAX_BATCH = 5000
CSV_COLUMNS = ("role_id", "title", "job_family", "track", "grade", "skill_profile", "paths")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkillLevelIn(_In):
    skill_id: Name = Field(description="Skill id, name or alias from the taxonomy.")
    level: int = Field(description="Minimum level, 1-5.", ge=1, le=5)


class CareerPathIn(_In):
    to_role_id: Id = Field(description="The role the path leads to.")
    kind: PathKind = Field(description="upward, lateral or track_switch.")


class RoleFields(_In):
    title: Name = Field(min_length=1)
    job_family: Id = Field(min_length=1)
    track: Track
    grade: int = Field(ge=0, le=30)
    skill_profile: list[SkillLevelIn] = Field(default_factory=list, max_length=MANY_PER_ROLE)
    paths: list[CareerPathIn] = Field(
        default_factory=list,
        max_length=MANY_PER_ROLE,
        description="Every path out of this role (replaces earlier ones).",
    )

    def to_domain(self, role_id: str) -> Role:
        return Role(
            role_id=role_id,
            title=self.title,
            job_family=self.job_family,
            track=self.track,
            grade=self.grade,
            skill_profile=tuple(SkillNeed(s.skill_id, s.level) for s in self.skill_profile),
            paths=tuple(CareerPath(p.to_role_id, p.kind) for p in self.paths),
        )


class RoleIn(RoleFields):
    role_id: str = Field(pattern=ROLE_ID_PATTERN)

    def role(self) -> Role:
        return self.to_domain(self.role_id)


class RoleBatchIn(_In):
    roles: list[RoleIn] = Field(max_length=MAX_BATCH)


def roles_from_json(text: str | bytes) -> list[Role]:
    """``{"roles": [...]}`` or a bare list of roles."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested beyond reason
        raise RejectedError([Problem("body", f"not JSON: {exc}")]) from exc
    if isinstance(document, list):
        document = {"roles": document}
    try:
        return [role.role() for role in RoleBatchIn.model_validate(document).roles]
    except ValidationError as exc:
        raise RejectedError(_problems(exc)) from exc


def roles_from_csv(text: str) -> list[Role]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames, rows = reader.fieldnames or (), list(reader)
    except csv.Error as exc:  # a NUL, a field past the csv module's limit
        raise RejectedError([Problem("body", f"not CSV: {exc}")]) from exc
    missing = set(CSV_COLUMNS) - set(fieldnames)
    if missing:
        raise RejectedError([Problem("header", f"missing columns: {sorted(missing)}")])
    roles: list[Role] = []
    problems: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        try:
            roles.append(RoleIn.model_validate(_csv_role(row, line)).role())
        except ValidationError as exc:
            problems += _problems(exc, prefix=f"line {line}")
        except RejectedError as exc:
            problems += exc.problems
    if problems:
        raise RejectedError(problems)
    return roles


def _csv_role(row: dict[str, str], line: int) -> dict[str, Any]:
    return {
        "role_id": row["role_id"].strip(),
        "title": row["title"].strip(),
        "job_family": row["job_family"].strip(),
        "track": row["track"].strip(),
        "grade": row["grade"].strip(),
        "skill_profile": [
            {"skill_id": skill, "level": level}
            for skill, level in _pairs(row["skill_profile"], line, "skill_profile")
        ],
        "paths": [
            {"to_role_id": target, "kind": kind}
            for target, kind in _pairs(row["paths"], line, "paths")
        ],
    }


def _pairs(cell: str | None, line: int, column: str) -> list[tuple[str, str]]:
    pairs = []
    for item in filter(None, (part.strip() for part in (cell or "").split(";"))):
        name, sep, value = item.rpartition(":")
        if not sep or not name.strip() or not value.strip():
            raise RejectedError(
                [Problem(f"line {line}.{column}", f"{item!r} is not written as name:value")]
            )
        pairs.append((name.strip(), value.strip()))
    return pairs


def _problems(exc: ValidationError, prefix: str = "") -> list[Problem]:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        problems.append(Problem(f"{prefix}.{where}" if prefix else where, error["msg"]))
    return problems
