"""What a completion proves, and what enrolments allow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lattice_learning.domain.model import (
    CapacityReachedError,
    CatalogueItem,
    Enrolment,
    EnrolmentStatus,
    IllegalTransitionError,
    ItemFormat,
    ItemKind,
    ItemRetiredError,
    SkillGain,
    SkillTarget,
    skill_gains,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)
K8S = CatalogueItem(
    "k8s",
    "Kubernetes",
    ItemKind.COURSE,
    (SkillTarget("kubernetes", 3), SkillTarget("go", 2)),
    16,
    ItemFormat.ONLINE,
    capacity=2,
)


def test_a_completion_raises_each_skill_to_the_level_the_item_builds() -> None:
    assert skill_gains(K8S, {"kubernetes": 1}) == [
        SkillGain("go", 2, None),
        SkillGain("kubernetes", 3, 1),
    ]


def test_a_completion_never_lowers_a_skill_held_higher() -> None:
    assert skill_gains(K8S, {"kubernetes": 5, "go": 2}) == [
        SkillGain("go", 2, 2),
        SkillGain("kubernetes", 5, 5),
    ]


def test_an_item_is_full_when_its_open_seats_are_taken_and_closed_when_retired() -> None:
    K8S.check_seat(1)
    with pytest.raises(CapacityReachedError):
        K8S.check_seat(2)
    unlimited = CatalogueItem("x", "x", ItemKind.COACHING, (), 1, ItemFormat.CLASSROOM)
    unlimited.check_seat(10_000)
    with pytest.raises(ItemRetiredError):
        CatalogueItem(
            "y", "y", ItemKind.COURSE, (), 1, ItemFormat.CLASSROOM, active=False
        ).check_seat(0)


def test_only_an_open_enrolment_can_be_completed_or_withdrawn() -> None:
    enrolment = Enrolment("e1", "E1", "k8s", EnrolmentStatus.ENROLLED, NOW)
    assert enrolment.complete(NOW).status is EnrolmentStatus.COMPLETED
    with pytest.raises(IllegalTransitionError):
        enrolment.withdraw().complete(NOW)
    with pytest.raises(IllegalTransitionError):
        enrolment.complete(NOW).withdraw()
