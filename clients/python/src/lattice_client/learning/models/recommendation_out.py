from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.item_out import ItemOut
    from ..models.skill_out import SkillOut


T = TypeVar("T", bound="RecommendationOut")


@_attrs_define
class RecommendationOut:
    """
    Attributes:
        gap (list[SkillOut]):
        items (list[ItemOut]):
        opening_id (None | str):
        recommendation_id (str):
        recommended_at (datetime.datetime):
        status (str):
        target_role_id (None | str):
        uncovered (list[str]):
    """

    gap: list[SkillOut]
    items: list[ItemOut]
    opening_id: None | str
    recommendation_id: str
    recommended_at: datetime.datetime
    status: str
    target_role_id: None | str
    uncovered: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.item_out import ItemOut
        from ..models.skill_out import SkillOut

        gap = []
        for gap_item_data in self.gap:
            gap_item = gap_item_data.to_dict()
            gap.append(gap_item)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        opening_id: None | str
        opening_id = self.opening_id

        recommendation_id = self.recommendation_id

        recommended_at = self.recommended_at.isoformat()

        status = self.status

        target_role_id: None | str
        target_role_id = self.target_role_id

        uncovered = self.uncovered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gap": gap,
                "items": items,
                "opening_id": opening_id,
                "recommendation_id": recommendation_id,
                "recommended_at": recommended_at,
                "status": status,
                "target_role_id": target_role_id,
                "uncovered": uncovered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_out import ItemOut
        from ..models.skill_out import SkillOut

        d = dict(src_dict)
        gap = []
        _gap = d.pop("gap")
        for gap_item_data in _gap:
            gap_item = SkillOut.from_dict(gap_item_data)

            gap.append(gap_item)

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ItemOut.from_dict(items_item_data)

            items.append(items_item)

        def _parse_opening_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        opening_id = _parse_opening_id(d.pop("opening_id"))

        recommendation_id = d.pop("recommendation_id")

        recommended_at = isoparse(d.pop("recommended_at"))

        status = d.pop("status")

        def _parse_target_role_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_role_id = _parse_target_role_id(d.pop("target_role_id"))

        uncovered = cast(list[str], d.pop("uncovered"))

        recommendation_out = cls(
            gap=gap,
            items=items,
            opening_id=opening_id,
            recommendation_id=recommendation_id,
            recommended_at=recommended_at,
            status=status,
            target_role_id=target_role_id,
            uncovered=uncovered,
        )

        recommendation_out.additional_properties = d
        return recommendation_out

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
