"""The job architecture: roles on a dual ladder and the career paths between them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from lattice_platform.contracts.base import Track
from lattice_platform.skills import Taxonomy

from lattice_openings.domain.common import (
    Problem,
    RejectedError,
    SkillNeed,
    checked_skills,
    grade_problems,
)


class PathKind(StrEnum):
    """An edge of the career lattice."""

    UPWARD = "upward"
    LATERAL = "lateral"
    TRACK_SWITCH = "track_switch"


@dataclass(frozen=True)
class CareerPath:
    to_role_id: str
    kind: PathKind


@dataclass(frozen=True)
class Role:
    """A role with its skill profile and the paths that lead out of it."""

    role_id: str
    title: str
    job_family: str
    track: Track
    grade: int
    skill_profile: tuple[SkillNeed, ...] = ()
    paths: tuple[CareerPath, ...] = ()

    @property
    def next_role_ids(self) -> tuple[str, ...]:
        return tuple(path.to_role_id for path in self.paths)


def checked_roles(
    roles: Sequence[Role], known: Mapping[str, Role], taxonomy: Taxonomy
) -> list[Role]:
    """The roles of a batch with canonical skill ids, or every problem of the batch at once.

    Paths may lead to roles of the same batch or to roles already ``known``; paths of ``known``
    roles into the batch must still fit the ladder once the batch is in.
    """
    problems: list[Problem] = []
    batch: dict[str, Role] = {}
    for index, role in enumerate(roles):
        where = f"roles[{index}]"
        if not role.role_id.strip():
            problems.append(Problem(f"{where}.role_id", "a role needs an id"))
        if role.role_id in batch:
            problems.append(Problem(f"{where}.role_id", f"role {role.role_id!r} appears twice"))
        if not role.title.strip():
            problems.append(Problem(f"{where}.title", "a role needs a title"))
        problems += grade_problems(role.grade, f"{where}.grade")
        profile, skill_problems = checked_skills(
            role.skill_profile, f"{where}.skill_profile", taxonomy
        )
        problems += skill_problems
        batch[role.role_id] = replace(
            role, skill_profile=tuple(replace(need, must_have=False) for need in profile)
        )
    everything = {**known, **batch}
    for index, role in enumerate(roles):
        problems += _path_problems(batch[role.role_id], everything, f"roles[{index}].paths")
    problems += _incoming_problems(batch, known)
    if problems:
        raise RejectedError(problems)
    return list(batch.values())


def _incoming_problems(batch: Mapping[str, Role], known: Mapping[str, Role]) -> list[Problem]:
    problems = []
    for source in known.values():
        if source.role_id in batch:
            continue
        for index, path in enumerate(source.paths):
            target = batch.get(path.to_role_id)
            if target is not None:
                where = f"existing role {source.role_id}.paths[{index}]"
                problems += _shape_problems(source, target, path.kind, where)
    return problems


def _path_problems(role: Role, roles: Mapping[str, Role], field: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, path in enumerate(role.paths):
        where = f"{field}[{index}]"
        target = roles.get(path.to_role_id)
        if path.to_role_id in seen:
            problems.append(Problem(where, f"path to {path.to_role_id!r} is listed twice"))
        seen.add(path.to_role_id)
        if path.to_role_id == role.role_id:
            problems.append(Problem(where, "a path cannot lead back to its own role"))
        elif target is None:
            problems.append(Problem(where, f"role {path.to_role_id!r} is not defined"))
        else:
            problems += _shape_problems(role, target, path.kind, where)
    return problems


def _shape_problems(source: Role, target: Role, kind: PathKind, where: str) -> list[Problem]:
    if kind is PathKind.TRACK_SWITCH and source.track == target.track:
        return [Problem(where, f"a track switch must lead off the {source.track.value} track")]
    if kind is not PathKind.TRACK_SWITCH and source.track != target.track:
        return [Problem(where, f"a {kind.value} path stays on its track; use track_switch")]
    if kind is PathKind.UPWARD and target.grade <= source.grade:
        return [Problem(where, f"an upward path leads to a higher grade than {source.grade}")]
    if kind is PathKind.LATERAL and target.grade != source.grade:
        return [Problem(where, f"a lateral path stays at grade {source.grade}")]
    return []
