from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="SkillMatch")


@_attrs_define
class SkillMatch:
    """
    Attributes:
        effective_level (int): Held level after 'use it or lose it' decay.
        held_level (int): Level the employee holds (0 if none).
        must_have (bool): Whether it is a must-have.
        required_level (int): Level the opening asks for.
        skill_id (str): Skill id.
        stale (bool): Not used for longer than the decay window.
    """

    effective_level: int
    held_level: int
    must_have: bool
    required_level: int
    skill_id: str
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        effective_level = self.effective_level

        held_level = self.held_level

        must_have = self.must_have

        required_level = self.required_level

        skill_id = self.skill_id

        stale = self.stale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_level": effective_level,
                "held_level": held_level,
                "must_have": must_have,
                "required_level": required_level,
                "skill_id": skill_id,
                "stale": stale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_level = d.pop("effective_level")

        held_level = d.pop("held_level")

        must_have = d.pop("must_have")

        required_level = d.pop("required_level")

        skill_id = d.pop("skill_id")

        stale = d.pop("stale")

        skill_match = cls(
            effective_level=effective_level,
            held_level=held_level,
            must_have=must_have,
            required_level=required_level,
            skill_id=skill_id,
            stale=stale,
        )

        return skill_match
