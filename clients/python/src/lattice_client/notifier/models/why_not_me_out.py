from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.gap_out import GapOut


T = TypeVar("T", bound="WhyNotMeOut")


@_attrs_define
class WhyNotMeOut:
    """
    Attributes:
        answer (str): on_feed, matches, dismissed, filtered or skills_gap.
        filter_ (None | str): The hard filter that failed, when one did.
        gap (list[GapOut]):
        opening_id (str):
        reasons (list[str]): In plain words.
        score (float | None): Your match score, unless a hard filter failed.
        threshold (float):
    """

    answer: str
    filter_: None | str
    gap: list[GapOut]
    opening_id: str
    reasons: list[str]
    score: float | None
    threshold: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.gap_out import GapOut

        answer = self.answer

        filter_: None | str
        filter_ = self.filter_

        gap = []
        for gap_item_data in self.gap:
            gap_item = gap_item_data.to_dict()
            gap.append(gap_item)

        opening_id = self.opening_id

        reasons = self.reasons

        score: float | None
        score = self.score

        threshold = self.threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answer": answer,
                "filter": filter_,
                "gap": gap,
                "opening_id": opening_id,
                "reasons": reasons,
                "score": score,
                "threshold": threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gap_out import GapOut

        d = dict(src_dict)
        answer = d.pop("answer")

        def _parse_filter_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filter_ = _parse_filter_(d.pop("filter"))

        gap = []
        _gap = d.pop("gap")
        for gap_item_data in _gap:
            gap_item = GapOut.from_dict(gap_item_data)

            gap.append(gap_item)

        opening_id = d.pop("opening_id")

        reasons = cast(list[str], d.pop("reasons"))

        def _parse_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        score = _parse_score(d.pop("score"))

        threshold = d.pop("threshold")

        why_not_me_out = cls(
            answer=answer,
            filter_=filter_,
            gap=gap,
            opening_id=opening_id,
            reasons=reasons,
            score=score,
            threshold=threshold,
        )

        why_not_me_out.additional_properties = d
        return why_not_me_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
