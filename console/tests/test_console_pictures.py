"""What the pictures and plain-language lines say, from the services' answers."""

from __future__ import annotations

from lattice_console.pictures import BAR_WIDTH, LABEL_WIDTH, explanation_picture
from lattice_console.views import visibility
from lattice_platform.contracts import events as ev


def skill(skill_id: str, held: int, effective: int, required: int, stale: bool) -> ev.SkillMatch:
    return ev.SkillMatch(
        skill_id=skill_id,
        required_level=required,
        held_level=held,
        effective_level=effective,
        must_have=True,
        stale=stale,
    )


def test_the_explanation_draws_each_skill_against_its_required_level_and_marks_stale_ones() -> None:
    explanation = ev.Explanation(
        mobility_type=ev.MoveKind.TEMPORARY,
        score=0.8,
        threshold=0.75,
        matched_skills=[skill("kubernetes", 4, 4, 3, stale=False)],
        missing_skills=[skill("go", 3, 1, 2, stale=True)],
        optional_matched=["python"],
        reasons=[],
    ).model_dump(mode="json")

    kubernetes, go = explanation_picture(explanation).bars

    assert (kubernetes.matched, go.matched) == (True, False)
    assert kubernetes.held_width == BAR_WIDTH * 4 / 5
    assert go.held_width == BAR_WIDTH * 1 / 5, "a stale skill is drawn at the level it counts for"
    assert go.required_x == LABEL_WIDTH + BAR_WIDTH * 2 / 5
    assert go.sentence == "go: level 1, must have 2, below (stale: held 3, counts as 1)"
    assert "stale" not in kubernetes.sentence
    assert explanation_picture(explanation).optional == ["python"]


def test_the_visibility_line_follows_the_privacy_settings() -> None:
    hidden = visibility({"privacy": {"discoverable": False, "hide_mobility_from_manager": True}})
    shown = visibility({"privacy": {"discoverable": True, "hide_mobility_from_manager": False}})

    assert "not discoverable" in hidden
    assert "not your career goals" in hidden
    assert "You are discoverable" in shown
    assert "career goals and whether you are open to a move" in shown
