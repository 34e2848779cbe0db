"""What roles and openings share: skill needs, problems with input, and who is acting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lattice_platform.skills import Taxonomy, UnknownSkillError

MIN_LEVEL, MAX_LEVEL = 1, 5
MIN_GRADE, MAX_GRADE = 0, 30


@dataclass(frozen=True)
class SkillNeed:
    """A skill asked for at a minimum level; below a must-have level there is no match at all."""

    skill_id: str
    level: int
    must_have: bool = False


@dataclass(frozen=True)
class Problem:
    """One reason input was refused; ``close_matches`` suggests skill ids for an unknown one."""

    field: str
    message: str
    close_matches: tuple[str, ...] = ()


class RejectedError(ValueError):
    """Input that breaks the rules; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


class ForbiddenError(PermissionError):
    """The actor may not do this at all (as opposed to an opening that is not theirs)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: HR manages every opening, a hiring manager only their own."""

    employee_id: str | None
    is_hr: bool


def checked_skills(
    needs: Iterable[SkillNeed], field: str, taxonomy: Taxonomy
) -> tuple[tuple[SkillNeed, ...], list[Problem]]:
    """Needs with canonical skill ids (aliases resolved), and the problems found on the way."""
    problems: list[Problem] = []
    result: dict[str, SkillNeed] = {}
    for index, need in enumerate(needs):
        where = f"{field}[{index}]"
        if not MIN_LEVEL <= need.level <= MAX_LEVEL:
            problems.append(
                Problem(
                    f"{where}.level",
                    f"level {need.level} is outside {MIN_LEVEL}-{MAX_LEVEL}",
                )
            )
        try:
            skill_id = taxonomy.normalise(need.skill_id)
        except UnknownSkillError as unknown:
            problems.append(
                Problem(f"{where}.skill_id", str(unknown), tuple(unknown.close_matches))
            )
            continue
        if skill_id in result:
            problems.append(Problem(f"{where}.skill_id", f"skill {skill_id!r} is listed twice"))
        result[skill_id] = replace(need, skill_id=skill_id)
    return tuple(result.values()), problems


def grade_problems(grade: int, field: str) -> list[Problem]:
    if MIN_GRADE <= grade <= MAX_GRADE:
        return []
    return [Problem(field, f"grade {grade} is outside {MIN_GRADE}-{MAX_GRADE}")]
