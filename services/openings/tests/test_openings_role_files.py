from __future__ import annotations

import json

import pytest
from lattice_openings.adapters.role_files import roles_from_csv, roles_from_json
from lattice_openings.domain.common import RejectedError, SkillNeed
from lattice_openings.domain.roles import CareerPath, PathKind
from lattice_platform.contracts.base import Track

CSV = "\n".join(
    [
        "role_id,title,job_family,track,grade,skill_profile,paths",
        "swe-3,Senior Software Engineer,engineering,individual_contributor,6,"
        "python:4; k8s:3,swe-4:upward; em-1:track_switch",
        "em-1,Engineering Manager,engineering,management,6,people-management:3,",
    ]
)


def test_a_csv_row_carries_its_skill_profile_and_paths() -> None:
    swe3, em1 = roles_from_csv(CSV)
    assert swe3.track is Track.INDIVIDUAL_CONTRIBUTOR
    assert swe3.skill_profile == (SkillNeed("python", 4), SkillNeed("k8s", 3))
    assert swe3.paths == (
        CareerPath("swe-4", PathKind.UPWARD),
        CareerPath("em-1", PathKind.TRACK_SWITCH),
    )
    assert (em1.grade, em1.paths) == (6, ())


def test_csv_problems_name_their_line() -> None:
    broken = CSV.replace("python:4", "python").replace(",6,people", ",sixty,people")
    with pytest.raises(RejectedError) as rejected:
        roles_from_csv(broken)
    fields = [p.field for p in rejected.value.problems]
    assert fields == ["line 2.skill_profile", "line 3.grade"]


def test_a_csv_without_the_expected_columns_is_refused() -> None:
    with pytest.raises(RejectedError, match="missing columns"):
        roles_from_csv("role_id,title\nswe-3,Senior\n")


def test_json_roles_come_as_a_document_or_a_bare_list() -> None:
    role = {
        "role_id": "swe-3",
        "title": "Senior Software Engineer",
        "job_family": "engineering",
        "track": "individual_contributor",
        "grade": 6,
        "skill_profile": [{"skill_id": "python", "level": 4}],
        "paths": [{"to_role_id": "swe-4", "kind": "upward"}],
    }
    assert roles_from_json(json.dumps({"roles": [role]})) == roles_from_json(json.dumps([role]))


def test_json_with_a_level_out_of_range_or_an_unknown_field_is_refused() -> None:
    role = {"role_id": "r", "title": "R", "job_family": "f", "track": "management", "grade": 3}
    bad = [{**role, "skill_profile": [{"skill_id": "go", "level": 7}]}, {**role, "salary": 1}]
    with pytest.raises(RejectedError) as rejected:
        roles_from_json(json.dumps(bad))
    assert [p.field for p in rejected.value.problems] == [
        "roles.0.skill_profile.0.level",
        "roles.1.salary",
    ]
