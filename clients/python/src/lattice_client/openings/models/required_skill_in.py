from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset


T = TypeVar("T", bound="RequiredSkillIn")


@_attrs_define
class RequiredSkillIn:
    """
    Attributes:
        level (int): Minimum level, 1-5.
        skill_id (str): Skill id, name or alias (normalised by the taxonomy).
        must_have (bool | Unset):  Default: False.
    """

    level: int
    skill_id: str
    must_have: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        skill_id = self.skill_id

        must_have = self.must_have

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "level": level,
                "skill_id": skill_id,
            }
        )
        if must_have is not UNSET:
            field_dict["must_have"] = must_have

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        skill_id = d.pop("skill_id")

        must_have = d.pop("must_have", UNSET)

        required_skill_in = cls(
            level=level,
            skill_id=skill_id,
            must_have=must_have,
        )

        return required_skill_in
