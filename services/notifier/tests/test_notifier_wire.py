"""The read model stores an opening as the openings service published it: taking the event's
details into the domain and back loses nothing."""

from __future__ import annotations

from datetime import date

from lattice_notifier.adapters.wire import details_of, opening_of
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import OpeningKind, TemporaryKind
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
