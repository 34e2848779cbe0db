from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from lattice_openings.domain.common import Actor, ForbiddenError, RejectedError, SkillNeed
from lattice_openings.domain.openings import (
    Confidential,
    IllegalTransitionError,
    OpeningRequest,
    Status,
)
from lattice_openings.domain.roles import CareerPath, PathKind, Role
from lattice_openings.service_layer import handlers
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track
from lattice_platform.contracts.topics import OPENINGS_TOPIC, ROLES
from lattice_platform.skills import Taxonomy
from openings_fakes import FakeUnitOfWork

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MANAGER = Actor("E-MGR", is_hr=False)
OTHER_MANAGER = Actor("E-OTHER", is_hr=False)
HR = Actor("E-HR", is_hr=True)
IC = Track.INDIVIDUAL_CONTRIBUTOR

REQUEST = OpeningRequest(
    title="Acting team lead",
    kind=OpeningKind.TEMPORARY,
    temporary_kind=TemporaryKind.ACTING,
    department="payments",
    role_id="swe-3",
    starts_on=date(2026, 4, 1),
    ends_on=date(2026, 7, 1),
    required_skills=(SkillNeed("k8s", 2, must_have=True),),
    remote=True,
    confidential=Confidential(budget="EUR 12k", salary_band="B7", shortlist=("E-5",)),
)
SWE3 = Role("swe-3", "Senior Software Engineer", "engineering", IC, 6, (SkillNeed("python", 4),))


def clock() -> datetime:
    return NOW


@pytest.fixture
async def with_role(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    await uow.roles.upsert(SWE3)
    return uow


async def test_a_created_opening_is_a_draft_that_tells_no_one(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    assert opening.status is Status.DRAFT
    assert opening.spec.hiring_manager_id == "E-MGR"
    assert opening.spec.grade == 6
    assert [n.skill_id for n in opening.spec.required_skills] == ["python", "kubernetes"]
    assert with_role.published == []


async def test_the_lifecycle_publishes_posted_updated_and_closed_in_order(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    oid = opening.opening_id
    await handlers.open_opening(with_role, oid, MANAGER, clock=clock)
    changed = replace(REQUEST, time_share_percent=40)
    await handlers.revise_opening(with_role, oid, changed, MANAGER, taxonomy, clock=clock)
    await handlers.fill_opening(with_role, oid, HR, clock=clock)
    assert [type(e) for e in with_role.events()] == [
        ev.OpeningPosted,
        ev.OpeningUpdated,
        ev.OpeningClosed,
    ]
    assert {topic for topic, _ in with_role.published} == {OPENINGS_TOPIC}
    posted, updated, closed = with_role.events()
    assert isinstance(posted, ev.OpeningPosted)
    assert posted.opening.match_threshold is None
    assert posted.opening.required_skills[1] == ev.RequiredSkill(
        skill_id="kubernetes", level=2, must_have=True
    )
    assert isinstance(updated, ev.OpeningUpdated)
    assert updated.opening.time_share_percent == 40
    assert closed == ev.OpeningClosed(opening_id=oid, outcome="filled", closed_at=NOW)


async def test_confidential_fields_never_reach_an_event(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    await handlers.open_opening(with_role, opening.opening_id, MANAGER, clock=clock)
    [posted] = with_role.events()
    payload = posted.model_dump_json()
    for secret in ("EUR 12k", "B7", "E-5", "budget", "salary_band", "shortlist"):
        assert secret not in payload


async def test_another_managers_opening_is_not_found(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    with pytest.raises(handlers.OpeningNotFoundError):
        await handlers.open_opening(with_role, opening.opening_id, OTHER_MANAGER, clock=clock)
    with pytest.raises(handlers.OpeningNotFoundError):
        await handlers.revise_opening(
            with_role, opening.opening_id, REQUEST, OTHER_MANAGER, taxonomy, clock=clock
        )
    assert with_role.openings.stored[opening.opening_id].status is Status.DRAFT


async def test_a_manager_cannot_hand_their_opening_to_someone_else(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    moved = replace(REQUEST, hiring_manager_id="E-OTHER")
    with pytest.raises(ForbiddenError):
        await handlers.revise_opening(
            with_role, opening.opening_id, moved, MANAGER, taxonomy, clock=clock
        )


async def test_hr_keeps_the_hiring_manager_when_revising_without_naming_one(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    revised = await handlers.revise_opening(
        with_role,
        opening.opening_id,
        replace(REQUEST, title="Acting lead"),
        HR,
        taxonomy,
        clock=clock,
    )
    assert revised.spec.hiring_manager_id == "E-MGR"


async def test_an_illegal_transition_changes_nothing(
    with_role: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    opening = await handlers.create_opening(with_role, REQUEST, MANAGER, taxonomy)
    with pytest.raises(IllegalTransitionError):
        await handlers.fill_opening(with_role, opening.opening_id, MANAGER, clock=clock)
    assert with_role.openings.stored[opening.opening_id].status is Status.DRAFT
    assert with_role.published == []


async def test_defining_roles_publishes_each_new_or_changed_role_once(
    uow: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    swe4 = Role("swe-4", "Staff Engineer", "engineering", IC, 7)
    swe3 = replace(SWE3, paths=(CareerPath("swe-4", PathKind.UPWARD),))
    changed = await handlers.define_roles(uow, [swe3, swe4], taxonomy)
    assert [r.role_id for r in changed] == ["swe-3", "swe-4"]
    again = await handlers.define_roles(uow, [swe3, replace(swe4, title="Staff SWE")], taxonomy)
    assert [r.role_id for r in again] == ["swe-4"]
    defined = uow.events(ev.RoleDefined)
    assert [e.key() for e in defined] == ["swe-3", "swe-4", "swe-4"]
    assert {topic for topic, _ in uow.published} == {ROLES}
    first = defined[0]
    assert isinstance(first, ev.RoleDefined)
    assert first.next_role_ids == ("swe-4",)
    assert first.skill_profile == (ev.SkillLevel(skill_id="python", level=4),)


async def test_a_batch_with_one_bad_role_defines_none(
    uow: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    bad = Role("x-1", "X", "x", IC, 3, (SkillNeed("klingon", 2),))
    with pytest.raises(RejectedError):
        await handlers.define_roles(uow, [SWE3, bad], taxonomy)
    assert uow.roles.stored == {}
    assert uow.published == []


async def test_a_role_change_that_would_break_a_stored_path_into_it_is_refused(
    uow: FakeUnitOfWork, taxonomy: Taxonomy
) -> None:
    swe4 = Role("swe-4", "Staff Engineer", "engineering", IC, 7)
    swe3 = replace(SWE3, paths=(CareerPath("swe-4", PathKind.UPWARD),))
    await handlers.define_roles(uow, [swe3, swe4], taxonomy)
    with pytest.raises(RejectedError) as rejected:
        await handlers.define_roles(uow, [replace(swe4, grade=6)], taxonomy)
    [problem] = rejected.value.problems
    assert problem.field == "existing role swe-3.paths[0]"
    assert problem.message == "an upward path leads to a higher grade than 6"
    assert uow.roles.stored["swe-4"].grade == 7
