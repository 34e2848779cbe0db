from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.move_kind import MoveKind
from typing import cast

if TYPE_CHECKING:
    from ..models.skill_match import SkillMatch


T = TypeVar("T", bound="Explanation")


@_attrs_define
class Explanation:
    """
    Attributes:
        matched_skills (list[SkillMatch]): Required skills at or above their level.
        missing_skills (list[SkillMatch]): Required skills missing or below level.
        mobility_type (MoveKind): Kinds of career move; also the mobility type of a surfaced opportunity.
        optional_matched (list[str]): Optional skills the employee has.
        reasons (list[str]): Ranking reasons.
        score (float): Match score 0-1 (optional-skill bonus included, capped at 1).
        threshold (float): Score needed for this opening.
    """

    matched_skills: list[SkillMatch]
    missing_skills: list[SkillMatch]
    mobility_type: MoveKind
    optional_matched: list[str]
    reasons: list[str]
    score: float
    threshold: float

    def to_dict(self) -> dict[str, Any]:
        from ..models.skill_match import SkillMatch

        matched_skills = []
        for matched_skills_item_data in self.matched_skills:
            matched_skills_item = matched_skills_item_data.to_dict()
            matched_skills.append(matched_skills_item)

        missing_skills = []
        for missing_skills_item_data in self.missing_skills:
            missing_skills_item = missing_skills_item_data.to_dict()
            missing_skills.append(missing_skills_item)

        mobility_type = self.mobility_type.value

        optional_matched = self.optional_matched

        reasons = self.reasons

        score = self.score

        threshold = self.threshold

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "matched_skills": matched_skills,
                "missing_skills": missing_skills,
                "mobility_type": mobility_type,
                "optional_matched": optional_matched,
                "reasons": reasons,
                "score": score,
                "threshold": threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.skill_match import SkillMatch

        d = dict(src_dict)
        matched_skills = []
        _matched_skills = d.pop("matched_skills")
        for matched_skills_item_data in _matched_skills:
            matched_skills_item = SkillMatch.from_dict(matched_skills_item_data)

            matched_skills.append(matched_skills_item)

        missing_skills = []
        _missing_skills = d.pop("missing_skills")
        for missing_skills_item_data in _missing_skills:
            missing_skills_item = SkillMatch.from_dict(missing_skills_item_data)

            missing_skills.append(missing_skills_item)

        mobility_type = MoveKind(d.pop("mobility_type"))

        optional_matched = cast(list[str], d.pop("optional_matched"))

        reasons = cast(list[str], d.pop("reasons"))

        score = d.pop("score")

        threshold = d.pop("threshold")

        explanation = cls(
            matched_skills=matched_skills,
            missing_skills=missing_skills,
            mobility_type=mobility_type,
            optional_matched=optional_matched,
            reasons=reasons,
            score=score,
            threshold=threshold,
        )

        return explanation
