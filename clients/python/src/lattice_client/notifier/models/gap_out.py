from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.learning_out import LearningOut


T = TypeVar("T", bound="GapOut")


@_attrs_define
class GapOut:
    """
    Attributes:
        learning (list[LearningOut]): Catalogue items that build the skill.
        mentor_ids (list[str]): Employees who offer to mentor and hold the skill at the level (ids only).
        must_have (bool):
        required_level (int):
        skill_id (str):
        your_level (int): Your level as matching counts it (decay included).
    """

    learning: list[LearningOut]
    mentor_ids: list[str]
    must_have: bool
    required_level: int
    skill_id: str
    your_level: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.learning_out import LearningOut

        learning = []
        for learning_item_data in self.learning:
            learning_item = learning_item_data.to_dict()
            learning.append(learning_item)

        mentor_ids = self.mentor_ids

        must_have = self.must_have

        required_level = self.required_level

        skill_id = self.skill_id

        your_level = self.your_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "learning": learning,
                "mentor_ids": mentor_ids,
                "must_have": must_have,
                "required_level": required_level,
                "skill_id": skill_id,
                "your_level": your_level,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.learning_out import LearningOut

        d = dict(src_dict)
        learning = []
        _learning = d.pop("learning")
        for learning_item_data in _learning:
            learning_item = LearningOut.from_dict(learning_item_data)

            learning.append(learning_item)

        mentor_ids = cast(list[str], d.pop("mentor_ids"))

        must_have = d.pop("must_have")

        required_level = d.pop("required_level")

        skill_id = d.pop("skill_id")

        your_level = d.pop("your_level")

        gap_out = cls(
            learning=learning,
            mentor_ids=mentor_ids,
            must_have=must_have,
            required_level=required_level,
            skill_id=skill_id,
            your_level=your_level,
        )

        gap_out.additional_properties = d
        return gap_out

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
