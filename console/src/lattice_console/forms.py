"""The opening form: what it shows, prefilled from a role template or an opening, and the
openings API body it posts. Pure: no request, no service call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Form = Mapping[str, Sequence[str]]
"""A urlencoded form as ``parse_qs`` reads it: every field a list of values."""

BLANK_SKILL_ROWS = 2
"""Empty rows under the prefilled skills, to add skills without JavaScript."""


@dataclass(frozen=True)
class SkillRow:
    skill_id: str = ""
    level: int = 3
    must_have: bool = False


@dataclass(frozen=True)
class OpeningForm:
    """The fields of the opening form, as strings ready for the template's inputs."""

    title: str = ""
    kind: str = "role"
    department: str = ""
    role_id: str = ""
    grade: str = ""
    track: str = ""
    temporary_kind: str = ""
    time_share_percent: str = "100"
    starts_on: str = ""
    ends_on: str = ""
    locations: str = ""
    remote: bool = False
    min_tenure_months: str = "0"
    grade_min: str = ""
    grade_max: str = ""
    departments_included: str = ""
    departments_excluded: str = ""
    skills: list[SkillRow] = field(default_factory=list)

    @property
    def rows(self) -> list[SkillRow]:
        return self.skills + [SkillRow() for _ in range(BLANK_SKILL_ROWS)]


def from_role(role: Mapping[str, Any], department: str) -> OpeningForm:
    """A new opening for ``role``: its title, grade, track and skill profile, in the poster's
    department."""
    return OpeningForm(
        title=role["title"],
        department=department,
        role_id=role["role_id"],
        grade=str(role["grade"]),
        track=role["track"],
        skills=[SkillRow(s["skill_id"], s["level"]) for s in role["skill_profile"]],
    )


def from_opening(opening: Mapping[str, Any]) -> OpeningForm:
    """The form for an opening as the API answers it, or as :func:`opening_body` built it
    (to show a refused form again as the person filled it)."""
    rules = opening["eligibility"]
    return OpeningForm(
        title=opening["title"],
        kind=opening["kind"],
        department=opening["department"],
        role_id=_text(opening["role_id"]),
        grade=_text(opening["grade"]),
        track=_text(opening["track"]),
        temporary_kind=_text(opening["temporary_kind"]),
        time_share_percent=_text(opening["time_share_percent"]),
        starts_on=_text(opening["starts_on"]),
        ends_on=_text(opening["ends_on"]),
        locations=", ".join(opening["locations"]),
        remote=opening["remote"],
        min_tenure_months=_text(rules["min_tenure_months"]),
        grade_min=_text(rules["grade_min"]),
        grade_max=_text(rules["grade_max"]),
        departments_included=", ".join(rules["departments_included"]),
        departments_excluded=", ".join(rules["departments_excluded"]),
        skills=[
            SkillRow(s["skill_id"], s["level"], s["must_have"]) for s in opening["required_skills"]
        ],
    )


def opening_body(form: Form) -> dict[str, Any]:
    """The openings API's body for a submitted form. The skills listed are the whole profile (a
    skill removed from the form is removed from the opening), so nothing is inherited from the
    role; the service checks every value and answers what it refuses."""
    temporary = _one(form, "kind") == "temporary"
    return {
        "title": _one(form, "title"),
        "kind": _one(form, "kind") or "role",
        "department": _one(form, "department"),
        "role_id": _one(form, "role_id") or None,
        "grade": _number(form, "grade"),
        "track": _one(form, "track") or None,
        "temporary_kind": (_one(form, "temporary_kind") or None) if temporary else None,
        "time_share_percent": (_number(form, "time_share_percent") or 100) if temporary else 100,
        "starts_on": (_one(form, "starts_on") or None) if temporary else None,
        "ends_on": (_one(form, "ends_on") or None) if temporary else None,
        "required_skills": _skills(form),
        "inherit_role_skills": False,
        "locations": _ids(form, "locations"),
        "remote": _one(form, "remote") == "on",
        "eligibility": {
            "min_tenure_months": _number(form, "min_tenure_months") or 0,
            "grade_min": _number(form, "grade_min"),
            "grade_max": _number(form, "grade_max"),
            "departments_included": _ids(form, "departments_included"),
            "departments_excluded": _ids(form, "departments_excluded"),
        },
    }


def _skills(form: Form) -> list[dict[str, Any]]:
    skills, row = [], 0
    while f"skill-{row}-id" in form:
        skill_id = _one(form, f"skill-{row}-id")
        if skill_id:
            skills.append(
                {
                    "skill_id": skill_id,
                    "level": _number(form, f"skill-{row}-level") or 1,
                    "must_have": _one(form, f"skill-{row}-must") == "on",
                }
            )
        row += 1
    return skills


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _number(form: Form, name: str) -> int | str | None:
    """An integer field; a value that is not one is passed on as typed, for the service to
    refuse by name (a console that guessed would hide the mistake)."""
    value = _one(form, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def _ids(form: Form, name: str) -> list[str]:
    return [part.strip() for part in _one(form, name).split(",") if part.strip()]


def _text(value: object) -> str:
    return "" if value is None else str(value)
