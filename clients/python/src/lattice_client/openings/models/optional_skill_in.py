from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="OptionalSkillIn")


@_attrs_define
class OptionalSkillIn:
    """
    Attributes:
        level (int): Level that earns the bonus, 1-5.
        skill_id (str):
    """

    level: int
    skill_id: str

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        skill_id = self.skill_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "level": level,
                "skill_id": skill_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        skill_id = d.pop("skill_id")

        optional_skill_in = cls(
            level=level,
            skill_id=skill_id,
        )

        return optional_skill_in
