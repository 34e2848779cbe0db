from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="SkillIn")


@_attrs_define
class SkillIn:
    """
    Attributes:
        level (int): Level the item builds, 1-5.
        skill (str): Skill id, name, alias or ESCO URI.
    """

    level: int
    skill: str

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        skill = self.skill

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "level": level,
                "skill": skill,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        skill = d.pop("skill")

        skill_in = cls(
            level=level,
            skill=skill,
        )

        return skill_in
