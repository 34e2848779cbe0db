"""The read model stores an opening as the openings service published it: taking the event's
details into the domain and back loses nothing. An explanation says what the assessment found."""

from __future__ import annotations

from datetime import date

from lattice_notifier.adapters.wire import details_of, explanation_of, opening_of, skill_match
from lattice_notifier.domain.matching import Assessment, SkillFit, Verdict
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import MoveKind, OpeningKind, TemporaryKind
from notifier_builders import details


def test_an_opening_in_every_field_survives_the_round_trip() -> None:
    published = details(
        "OP9",
        kind=OpeningKind.TEMPORARY,
        temporary_kind=TemporaryKind.SECONDMENT,
        time_share_percent=50,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 1),
        required_skills=(
            ev.RequiredSkill(skill_id="go", level=3, must_have=True),
            ev.RequiredSkill(skill_id="python", level=4, must_have=False),
        ),
        optional_skills=(ev.SkillLevel(skill_id="rust", level=2),),
        locations=("lisbon", "porto"),
        remote=True,
        min_tenure_months=12,
        grade_min=4,
        grade_max=6,
        departments_included=("data", "platform"),
        departments_excluded=("legal",),
        incumbent_ids=("E1", "E2"),
        match_threshold=0.7,
    )
    assert details_of(opening_of(published)) == published
    assert opening_of(details_of(opening_of(published))) == opening_of(published)


def test_an_explanation_splits_matched_and_missing_skills_as_the_assessment_does() -> None:
    fits = tuple(
        SkillFit(f"s{i}", 3, held, held, must_have=i == 0, stale=i == 4)
        for i, held in enumerate((4, 1, 3, 0, 5, 2))
    )
    assessment = Assessment(
        "E1", "OP1", Verdict.SURFACE, MoveKind.LATERAL, score=0.5, threshold=0.4, fits=fits
    )
    explanation = explanation_of(assessment)
    assert [s.skill_id for s in explanation.matched_skills] == ["s0", "s2", "s4"]
    assert explanation.matched_skills == tuple(skill_match(f) for f in assessment.matched)
    assert explanation.missing_skills == tuple(skill_match(f) for f in assessment.missing)
