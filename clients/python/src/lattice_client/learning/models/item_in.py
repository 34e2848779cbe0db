from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.item_format import ItemFormat
from ..models.item_kind import ItemKind
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.skill_in import SkillIn


T = TypeVar("T", bound="ItemIn")


@_attrs_define
class ItemIn:
    """
    Attributes:
        duration_hours (float):
        format_ (ItemFormat):
        item_id (str):
        kind (ItemKind):
        skills (list[SkillIn]):
        title (str):
        active (bool | Unset): Retired items are no longer offered. Default: True.
        capacity (int | None | Unset): Open seats; null for unlimited.
    """

    duration_hours: float
    format_: ItemFormat
    item_id: str
    kind: ItemKind
    skills: list[SkillIn]
    title: str
    active: bool | Unset = True
    capacity: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.skill_in import SkillIn

        duration_hours = self.duration_hours

        format_ = self.format_.value

        item_id = self.item_id

        kind = self.kind.value

        skills = []
        for skills_item_data in self.skills:
            skills_item = skills_item_data.to_dict()
            skills.append(skills_item)

        title = self.title

        active = self.active

        capacity: int | None | Unset
        if isinstance(self.capacity, Unset):
            capacity = UNSET
        else:
            capacity = self.capacity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_hours": duration_hours,
                "format": format_,
                "item_id": item_id,
                "kind": kind,
                "skills": skills,
                "title": title,
            }
        )
        if active is not UNSET:
            field_dict["active"] = active
        if capacity is not UNSET:
            field_dict["capacity"] = capacity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.skill_in import SkillIn

        d = dict(src_dict)
        duration_hours = d.pop("duration_hours")

        format_ = ItemFormat(d.pop("format"))

        item_id = d.pop("item_id")

        kind = ItemKind(d.pop("kind"))

        skills = []
        _skills = d.pop("skills")
        for skills_item_data in _skills:
            skills_item = SkillIn.from_dict(skills_item_data)

            skills.append(skills_item)

        title = d.pop("title")

        active = d.pop("active", UNSET)

        def _parse_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity = _parse_capacity(d.pop("capacity", UNSET))

        item_in = cls(
            duration_hours=duration_hours,
            format_=format_,
            item_id=item_id,
            kind=kind,
            skills=skills,
            title=title,
            active=active,
            capacity=capacity,
        )

        return item_in
