"""Figures drawn as inline SVG: an opportunity's explanation, and simple bar charts. Geometry is
computed here, the markup lives in the templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_LEVEL = 5
ROW_HEIGHT = 28
LABEL_WIDTH = 140
BAR_WIDTH = 200


class _Rows:
    """A figure of one row per bar: a label, the bar, its value."""

    bars: Sequence[object]

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 8

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 90


@dataclass(frozen=True)
class SkillBar:
    skill_id: str
    held: int
    effective: int
    required: int
    matched: bool
    must_have: bool
    stale: bool
    y: int

    @property
    def held_width(self) -> float:
        return BAR_WIDTH * self.effective / MAX_LEVEL

    @property
    def required_x(self) -> float:
        return LABEL_WIDTH + BAR_WIDTH * self.required / MAX_LEVEL

    @property
    def sentence(self) -> str:
        verdict = "met" if self.matched else "below"
        stale = f" (stale: held {self.held}, counts as {self.effective})" if self.stale else ""
        need = "must have" if self.must_have else "asks for"
        return f"{self.skill_id}: level {self.effective}, {need} {self.required}, {verdict}{stale}"


@dataclass(frozen=True)
class ExplanationPicture(_Rows):
    bars: list[SkillBar]
    optional: list[str]


def explanation_picture(explanation: Mapping[str, Any]) -> ExplanationPicture:
    rows = [(m, True) for m in explanation.get("matched_skills", [])] + [
        (m, False) for m in explanation.get("missing_skills", [])
    ]
    bars = [
        SkillBar(
            skill_id=skill["skill_id"],
            held=skill["held_level"],
            effective=skill["effective_level"],
            required=skill["required_level"],
            matched=matched,
            must_have=skill["must_have"],
            stale=skill["stale"],
            y=i * ROW_HEIGHT + 4,
        )
        for i, (skill, matched) in enumerate(rows)
    ]
    return ExplanationPicture(bars, list(explanation.get("optional_matched", [])))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float


@dataclass(frozen=True)
class BarChart(_Rows):
    bars: list[Bar]
    baseline_x: float | None
    baseline_text: str


def bar_chart(
    rows: Iterable[tuple[str, float, str]],
    scale: float | None = None,
    baseline: float | None = None,
    baseline_text: str = "",
) -> BarChart:
    """Horizontal bars; ``scale`` is the value of a full bar (the largest value when None)."""
    listed = list(rows)
    top = scale or max((v for _, v, _ in listed), default=0.0) or 1.0
    bars = [
        Bar(label, value, text, i * ROW_HEIGHT + 4, BAR_WIDTH * min(value / top, 1.0))
        for i, (label, value, text) in enumerate(listed)
    ]
    baseline_x = None if baseline is None else LABEL_WIDTH + BAR_WIDTH * min(baseline / top, 1.0)
    return BarChart(bars, baseline_x, baseline_text)
