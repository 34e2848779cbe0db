from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.item_format import ItemFormat
from ..models.item_kind import ItemKind
from typing import cast

if TYPE_CHECKING:
    from ..models.skill_out import SkillOut


T = TypeVar("T", bound="ItemOut")


@_attrs_define
class ItemOut:
    """
    Attributes:
        active (bool):
        capacity (int | None):
        duration_hours (float):
        format_ (ItemFormat):
        item_id (str):
        kind (ItemKind):
        skills (list[SkillOut]):
        title (str):
    """

    active: bool
    capacity: int | None
    duration_hours: float
    format_: ItemFormat
    item_id: str
    kind: ItemKind
    skills: list[SkillOut]
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.skill_out import SkillOut

        active = self.active

        capacity: int | None
        capacity = self.capacity

        duration_hours = self.duration_hours

        format_ = self.format_.value

        item_id = self.item_id

        kind = self.kind.value

        skills = []
        for skills_item_data in self.skills:
            skills_item = skills_item_data.to_dict()
            skills.append(skills_item)

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "capacity": capacity,
                "duration_hours": duration_hours,
                "format": format_,
                "item_id": item_id,
                "kind": kind,
                "skills": skills,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.skill_out import SkillOut

        d = dict(src_dict)
        active = d.pop("active")

        def _parse_capacity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        capacity = _parse_capacity(d.pop("capacity"))

        duration_hours = d.pop("duration_hours")

        format_ = ItemFormat(d.pop("format"))

        item_id = d.pop("item_id")

        kind = ItemKind(d.pop("kind"))

        skills = []
        _skills = d.pop("skills")
        for skills_item_data in _skills:
            skills_item = SkillOut.from_dict(skills_item_data)

            skills.append(skills_item)

        title = d.pop("title")

        item_out = cls(
            active=active,
            capacity=capacity,
            duration_hours=duration_hours,
            format_=format_,
            item_id=item_id,
            kind=kind,
            skills=skills,
            title=title,
        )

        item_out.additional_properties = d
        return item_out

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
