"""What the career paths, the onboarding parts and the figures' baseline compute, from the
services' answers (the browser tests drive the same pages against the running stack)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from lattice_console.onboarding import Onboarding, Onboardings, UnreadableFileError, parts
from lattice_console.paths import SkillGap, closing, gaps_to
from lattice_console.pictures import BAR_WIDTH, LABEL_WIDTH
from lattice_console.views import figure_charts

HEADER = "employee_id,name,grade\n"


def test_the_gap_to_a_role_is_each_skill_held_below_its_level_or_not_at_all() -> None:
    role = {
        "skill_profile": [
            {"skill_id": "python", "level": 3},
            {"skill_id": "kubernetes", "level": 4},
            {"skill_id": "sql", "level": 2},
        ]
    }
    held = [{"skill_id": "python", "level": 4}, {"skill_id": "kubernetes", "level": 2}]

    assert gaps_to(role, held) == [SkillGap("kubernetes", 2, 4), SkillGap("sql", 0, 2)]


def test_the_learning_that_closes_a_gap_builds_a_missing_skill_to_the_level_asked() -> None:
    gaps = [SkillGap("kubernetes", 2, 4)]
    deep = {"item_id": "k8s-301", "skills": [{"skill_id": "kubernetes", "level": 4}]}
    shallow = {"item_id": "k8s-101", "skills": [{"skill_id": "kubernetes", "level": 2}]}
    unrelated = {"item_id": "sql-401", "skills": [{"skill_id": "sql", "level": 5}]}

    assert closing(gaps, [shallow, deep, unrelated, deep]) == [deep]


def test_a_file_goes_in_parts_each_with_the_header_and_rejections_keep_their_file_line() -> None:
    rows = [f'E{i},"Name {i}",5' for i in range(5)]
    rows[3] = 'E3,"Two\nlines",x'  # a quoted field over two lines: lines shift after it
    # The file: header 1, E0 2, E1 3, a blank line 4, E2 5, E3 6-7, E4 8 (a row is counted at
    # its last line, as the command-line import counts it).
    upload = (HEADER + "\n".join(rows[:2]) + "\n\n" + "\n".join(rows[2:]) + "\n").encode()

    found = parts(upload, rows_a_part=2)

    assert [p.rows for p in found] == [2, 2, 1]
    for part in found:
        assert part.text.startswith(HEADER)
    assert list(csv.reader(io.StringIO(found[1].text)))[2] == ["E3", "Two\nlines", "x"]
    job = Onboarding("hr", total=5)
    answer: dict[str, Any] = {"applied": 1, "skipped": 0, "ignored": 0}
    job._count(found[1], {**answer, "rejected": [{"line": 4, "employee_id": "E3", "reason": "r"}]})
    job._count(found[2], {**answer, "rejected": [{"line": 2, "employee_id": "E4", "reason": "s"}]})
    assert [(r.line, r.employee_id) for r in job.rejected] == [(7, "E3"), (8, "E4")]
    assert (job.done, job.applied) == (3, 2)


@pytest.mark.parametrize(
    ("upload", "problem"),
    [(b"", "empty"), (b"\xff\xfe" + "é".encode("utf-16-le"), "UTF-8")],
)
def test_a_file_that_is_empty_or_not_utf8_is_refused_before_anything_is_sent(
    upload: bytes, problem: str
) -> None:
    with pytest.raises(UnreadableFileError, match=problem):
        parts(upload)


def test_the_fill_rate_is_drawn_against_the_baseline_configured() -> None:
    fill_rate = [{"month": "2026-01", "internal_fill_rate": 0.5, "fills": 4}]

    charts = figure_charts(fill_rate, [], [], [], baseline=0.35)

    assert charts["fill_rate"].baseline_x == pytest.approx(LABEL_WIDTH + BAR_WIDTH * 0.35)
    assert charts["fill_rate"].baseline_text == "baseline 35%"


async def test_an_onboarding_stops_at_a_refused_part_and_is_seen_only_by_who_started_it() -> None:
    upload = (HEADER + "".join(f"E{i},Name,5\n" for i in range(5))).encode()
    sent: list[str] = []

    async def send(text: str) -> dict[str, Any]:
        sent.append(text)
        if len(sent) == 2:
            raise RuntimeError("the profile service answered 503")
        return {"applied": 2, "skipped": 0, "ignored": 0, "rejected": []}

    onboardings = Onboardings()
    job = onboardings.start("hr-1", parts(upload, rows_a_part=2), send)
    assert job.task is not None
    await job.task

    assert len(sent) == 2, "nothing is sent after the refused part"
    assert job.progress == {"done": 2, "total": 5, "finished": True}
    assert (job.applied, job.problem) == (2, "the profile service answered 503")
    assert onboardings.of("hr-1", job.job_id) is job
    assert onboardings.of("hr-2", job.job_id) is None
