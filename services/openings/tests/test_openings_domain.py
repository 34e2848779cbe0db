from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from lattice_openings.domain.common import Actor, ForbiddenError, RejectedError, SkillNeed
from lattice_openings.domain.openings import (
    Confidential,
    Eligibility,
    IllegalTransitionError,
    Opening,
    OpeningEnded,
    OpeningOpened,
    OpeningRequest,
    OpeningRevised,
    Status,
    hiring_manager_for,
    resolve,
)
from lattice_openings.domain.roles import CareerPath, PathKind, Role, checked_roles
from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track
from lattice_platform.skills import Taxonomy

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
IC, MGMT = Track.INDIVIDUAL_CONTRIBUTOR, Track.MANAGEMENT

SWE3 = Role(
    "swe-3",
    "Senior Software Engineer",
    "engineering",
    IC,
    6,
    (SkillNeed("python", 4), SkillNeed("sql", 3)),
)


def secondment(**changes: object) -> OpeningRequest:
    request = OpeningRequest(
        title="Platform secondment",
        kind=OpeningKind.TEMPORARY,
        temporary_kind=TemporaryKind.SECONDMENT,
        department="platform",
        grade=6,
        track=IC,
        time_share_percent=50,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 10, 1),
        required_skills=(SkillNeed("kubernetes", 3, must_have=True),),
        locations=("lisbon",),
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def problems_of(request: OpeningRequest, taxonomy: Taxonomy, role: Role | None = None) -> dict:
    with pytest.raises(RejectedError) as rejected:
        resolve(request, "E-MGR", role, taxonomy)
    return {p.field: p for p in rejected.value.problems}


# --------------------------------------------------------------------------- validation


def test_a_temporary_opening_without_an_end_date_is_refused(taxonomy: Taxonomy) -> None:
    problems = problems_of(secondment(ends_on=None), taxonomy)
    assert problems["ends_on"].message == "a temporary opening needs an end date"


def test_a_temporary_opening_without_a_subtype_is_refused(taxonomy: Taxonomy) -> None:
    assert "temporary_kind" in problems_of(secondment(temporary_kind=None), taxonomy)


def test_an_end_before_the_start_is_refused(taxonomy: Taxonomy) -> None:
    problems = problems_of(secondment(ends_on=date(2026, 3, 1)), taxonomy)
    assert "before the start" in problems["ends_on"].message


@pytest.mark.parametrize("level", [0, 6])
def test_a_minimum_level_outside_one_to_five_is_refused(taxonomy: Taxonomy, level: int) -> None:
    problems = problems_of(secondment(required_skills=(SkillNeed("go", level),)), taxonomy)
    assert problems["required_skills[0].level"].message == f"level {level} is outside 1-5"


def test_a_skill_alias_is_normalised_to_its_canonical_id(taxonomy: Taxonomy) -> None:
    spec = resolve(secondment(required_skills=(SkillNeed("k8s", 3),)), "E-MGR", None, taxonomy)
    assert spec.required_skills == (SkillNeed("kubernetes", 3),)


def test_an_unknown_skill_is_refused_with_its_close_matches(taxonomy: Taxonomy) -> None:
    problems = problems_of(secondment(optional_skills=(SkillNeed("pyhton", 2),)), taxonomy)
    unknown = problems["optional_skills[0].skill_id"]
    assert "python" in unknown.close_matches
    assert "unknown skill 'pyhton'" in unknown.message


def test_every_problem_is_reported_at_once(taxonomy: Taxonomy) -> None:
    request = secondment(ends_on=None, locations=(), time_share_percent=0, title=" ")
    assert set(problems_of(request, taxonomy)) == {
        "ends_on",
        "locations",
        "time_share_percent",
        "title",
    }


def test_a_permanent_role_has_neither_an_end_date_nor_a_subtype(taxonomy: Taxonomy) -> None:
    problems = problems_of(secondment(kind=OpeningKind.ROLE), taxonomy)
    assert {"ends_on", "temporary_kind"} <= set(problems)


def test_an_inverted_grade_range_and_a_department_both_in_and_out_are_refused(
    taxonomy: Taxonomy,
) -> None:
    rules = Eligibility(
        grade_min=7, grade_max=5, departments_included=("ops",), departments_excluded=("ops",)
    )
    problems = problems_of(secondment(eligibility=rules), taxonomy)
    assert {"eligibility.grade_max", "eligibility.departments_excluded"} <= set(problems)


def test_an_opening_without_grade_or_role_is_refused(taxonomy: Taxonomy) -> None:
    problems = problems_of(secondment(grade=None, track=None), taxonomy)
    assert {"grade", "track"} <= set(problems)


def test_an_unknown_role_is_refused(taxonomy: Taxonomy) -> None:
    assert "role_id" in problems_of(secondment(role_id="ghost"), taxonomy)


# --------------------------------------------------------------------------- role inheritance


def test_an_opening_inherits_grade_track_and_skill_profile_from_its_role(
    taxonomy: Taxonomy,
) -> None:
    request = secondment(grade=None, track=None, role_id="swe-3", required_skills=())
    spec = resolve(request, "E-MGR", SWE3, taxonomy)
    assert (spec.grade, spec.track) == (6, IC)
    assert spec.required_skills == SWE3.skill_profile


def test_required_skills_override_the_role_profile_skill_by_skill(taxonomy: Taxonomy) -> None:
    request = secondment(
        role_id="swe-3",
        grade=7,
        required_skills=(SkillNeed("Python", 5, must_have=True), SkillNeed("go", 2)),
    )
    spec = resolve(request, "E-MGR", SWE3, taxonomy)
    assert spec.grade == 7
    assert spec.required_skills == (
        SkillNeed("python", 5, must_have=True),
        SkillNeed("sql", 3),
        SkillNeed("go", 2),
    )


def test_the_role_profile_can_be_left_out(taxonomy: Taxonomy) -> None:
    request = secondment(role_id="swe-3", inherit_role_skills=False)
    spec = resolve(request, "E-MGR", SWE3, taxonomy)
    assert spec.required_skills == (SkillNeed("kubernetes", 3, must_have=True),)


def test_match_threshold_stays_absent_when_not_given(taxonomy: Taxonomy) -> None:
    assert resolve(secondment(), "E-MGR", None, taxonomy).match_threshold is None


# --------------------------------------------------------------------------- hiring manager


def test_a_manager_is_always_their_own_hiring_manager() -> None:
    assert hiring_manager_for(secondment(), Actor("E-MGR", is_hr=False)) == "E-MGR"
    with pytest.raises(ForbiddenError):
        hiring_manager_for(secondment(hiring_manager_id="E-9"), Actor("E-MGR", is_hr=False))


def test_hr_names_the_hiring_manager() -> None:
    assert hiring_manager_for(secondment(hiring_manager_id="E-9"), Actor("E-HR", True)) == "E-9"
    with pytest.raises(RejectedError):
        hiring_manager_for(secondment(), Actor("E-HR", is_hr=True))


# --------------------------------------------------------------------------- lifecycle


@pytest.fixture
def draft(taxonomy: Taxonomy) -> Opening:
    spec = resolve(secondment(confidential=Confidential(budget="40k")), "E-MGR", None, taxonomy)
    return Opening("OP-1", spec)


def test_opening_a_draft_posts_it(draft: Opening) -> None:
    draft.open(NOW)
    assert draft.status is Status.OPEN
    assert draft.events == [OpeningOpened("OP-1", draft.spec, NOW)]


def test_a_draft_changes_without_telling_anyone(draft: Opening) -> None:
    draft.revise(replace(draft.spec, title="New title"), NOW)
    assert draft.spec.title == "New title"
    assert draft.events == []


def test_a_public_change_to_an_open_opening_is_an_update(draft: Opening) -> None:
    draft.open(NOW)
    changed = replace(draft.spec, time_share_percent=80)
    draft.revise(changed, NOW)
    assert draft.events[-1] == OpeningRevised("OP-1", changed, NOW)


def test_a_confidential_change_to_an_open_opening_publishes_nothing(draft: Opening) -> None:
    draft.open(NOW)
    draft.revise(replace(draft.spec, confidential=Confidential(internal_notes="x")), NOW)
    assert len(draft.events) == 1
    assert draft.spec.confidential.internal_notes == "x"


@pytest.mark.parametrize("outcome", [Status.FILLED, Status.CLOSED])
def test_an_open_opening_ends_filled_or_closed(draft: Opening, outcome: Status) -> None:
    draft.open(NOW)
    draft.fill(NOW) if outcome is Status.FILLED else draft.close(NOW)
    assert draft.status is outcome
    assert draft.events[-1] == OpeningEnded("OP-1", outcome, NOW)


def test_a_draft_closes_silently(draft: Opening) -> None:
    draft.close(NOW)
    assert draft.status is Status.CLOSED
    assert draft.events == []


def test_a_draft_cannot_be_filled(draft: Opening) -> None:
    with pytest.raises(
        IllegalTransitionError, match="it is draft, and only open openings can be filled"
    ):
        draft.fill(NOW)


@pytest.mark.parametrize("end", ["fill", "close"])
def test_an_ended_opening_can_be_neither_reopened_nor_changed(draft: Opening, end: str) -> None:
    draft.open(NOW)
    getattr(draft, end)(NOW)
    with pytest.raises(IllegalTransitionError, match="cannot open"):
        draft.open(NOW)
    with pytest.raises(IllegalTransitionError, match="cannot change"):
        draft.revise(draft.spec, NOW)
    with pytest.raises(IllegalTransitionError, match="cannot close"):
        draft.close(NOW)


def test_an_open_opening_cannot_be_opened_again(draft: Opening) -> None:
    draft.open(NOW)
    with pytest.raises(IllegalTransitionError, match="only draft openings can be opened"):
        draft.open(NOW)


def test_only_hr_or_its_hiring_manager_manage_an_opening(draft: Opening) -> None:
    assert draft.managed_by(Actor("E-MGR", is_hr=False))
    assert draft.managed_by(Actor("E-HR", is_hr=True))
    assert not draft.managed_by(Actor("E-OTHER", is_hr=False))
    assert not draft.managed_by(Actor(None, is_hr=False))


# --------------------------------------------------------------------------- job architecture

EM1 = Role("em-1", "Engineering Manager", "engineering", MGMT, 6)
SWE4 = Role("swe-4", "Staff Engineer", "engineering", IC, 7)


def test_roles_with_paths_of_every_kind_are_accepted(taxonomy: Taxonomy) -> None:
    swe3 = replace(
        SWE3,
        skill_profile=(SkillNeed("k8s", 3),),
        paths=(
            CareerPath("swe-4", PathKind.UPWARD),
            CareerPath("em-1", PathKind.TRACK_SWITCH),
            CareerPath("sre-3", PathKind.LATERAL),
        ),
    )
    sre3 = Role("sre-3", "Senior SRE", "operations", IC, 6)
    [checked, *_] = checked_roles([swe3, sre3, SWE4], {"em-1": EM1}, taxonomy)
    assert checked.skill_profile == (SkillNeed("kubernetes", 3),)
    assert checked.next_role_ids == ("swe-4", "em-1", "sre-3")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (CareerPath("em-1", PathKind.UPWARD), "stays on its track; use track_switch"),
        (CareerPath("swe-4", PathKind.TRACK_SWITCH), "must lead off the individual_contributor"),
        (CareerPath("swe-4", PathKind.LATERAL), "a lateral path stays at grade 6"),
        (CareerPath("swe-3", PathKind.LATERAL), "cannot lead back to its own role"),
        (CareerPath("ghost", PathKind.UPWARD), "role 'ghost' is not defined"),
    ],
)
def test_a_path_that_does_not_fit_the_ladder_is_refused(
    taxonomy: Taxonomy, path: CareerPath, message: str
) -> None:
    with pytest.raises(RejectedError, match=message):
        checked_roles([replace(SWE3, paths=(path,))], {"em-1": EM1, "swe-4": SWE4}, taxonomy)


def test_an_upward_path_must_lead_to_a_higher_grade(taxonomy: Taxonomy) -> None:
    lower = replace(SWE4, grade=5)
    with pytest.raises(RejectedError, match="higher grade than 6"):
        checked_roles(
            [replace(SWE3, paths=(CareerPath("swe-4", PathKind.UPWARD),)), lower], {}, taxonomy
        )


def test_a_role_with_an_unknown_skill_or_a_bad_level_is_refused(taxonomy: Taxonomy) -> None:
    bad = replace(SWE3, skill_profile=(SkillNeed("cobol", 3), SkillNeed("go", 9)))
    with pytest.raises(RejectedError) as rejected:
        checked_roles([bad], {}, taxonomy)
    fields = {p.field for p in rejected.value.problems}
    assert fields == {"roles[0].skill_profile[0].skill_id", "roles[0].skill_profile[1].level"}
