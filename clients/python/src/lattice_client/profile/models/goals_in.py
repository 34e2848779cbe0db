from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.move_kind import MoveKind
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="GoalsIn")


@_attrs_define
class GoalsIn:
    """
    Attributes:
        acceptable_locations (list[str] | Unset):
        move_kinds (list[MoveKind] | Unset): Kinds of move wanted; empty means every kind.
        target_role_ids (list[str] | Unset):
        willing_to_relocate (bool | Unset):  Default: False.
    """

    acceptable_locations: list[str] | Unset = UNSET
    move_kinds: list[MoveKind] | Unset = UNSET
    target_role_ids: list[str] | Unset = UNSET
    willing_to_relocate: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        acceptable_locations: list[str] | Unset = UNSET
        if not isinstance(self.acceptable_locations, Unset):
            acceptable_locations = self.acceptable_locations

        move_kinds: list[str] | Unset = UNSET
        if not isinstance(self.move_kinds, Unset):
            move_kinds = []
            for move_kinds_item_data in self.move_kinds:
                move_kinds_item = move_kinds_item_data.value
                move_kinds.append(move_kinds_item)

        target_role_ids: list[str] | Unset = UNSET
        if not isinstance(self.target_role_ids, Unset):
            target_role_ids = self.target_role_ids

        willing_to_relocate = self.willing_to_relocate

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if acceptable_locations is not UNSET:
            field_dict["acceptable_locations"] = acceptable_locations
        if move_kinds is not UNSET:
            field_dict["move_kinds"] = move_kinds
        if target_role_ids is not UNSET:
            field_dict["target_role_ids"] = target_role_ids
        if willing_to_relocate is not UNSET:
            field_dict["willing_to_relocate"] = willing_to_relocate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        acceptable_locations = cast(list[str], d.pop("acceptable_locations", UNSET))

        _move_kinds = d.pop("move_kinds", UNSET)
        move_kinds: list[MoveKind] | Unset = UNSET
        if _move_kinds is not UNSET:
            move_kinds = []
            for move_kinds_item_data in _move_kinds:
                move_kinds_item = MoveKind(move_kinds_item_data)

                move_kinds.append(move_kinds_item)

        target_role_ids = cast(list[str], d.pop("target_role_ids", UNSET))

        willing_to_relocate = d.pop("willing_to_relocate", UNSET)

        goals_in = cls(
            acceptable_locations=acceptable_locations,
            move_kinds=move_kinds,
            target_role_ids=target_role_ids,
            willing_to_relocate=willing_to_relocate,
        )

        return goals_in
