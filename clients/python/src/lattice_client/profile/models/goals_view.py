from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.move_kind import MoveKind
from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="GoalsView")


@_attrs_define
class GoalsView:
    """
    Attributes:
        acceptable_locations (list[str]):
        move_kinds (list[MoveKind]):
        set_at (datetime.datetime | None):
        target_role_ids (list[str]):
        willing_to_relocate (bool):
    """

    acceptable_locations: list[str]
    move_kinds: list[MoveKind]
    set_at: datetime.datetime | None
    target_role_ids: list[str]
    willing_to_relocate: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acceptable_locations = self.acceptable_locations

        move_kinds = []
        for move_kinds_item_data in self.move_kinds:
            move_kinds_item = move_kinds_item_data.value
            move_kinds.append(move_kinds_item)

        set_at: None | str
        if isinstance(self.set_at, datetime.datetime):
            set_at = self.set_at.isoformat()
        else:
            set_at = self.set_at

        target_role_ids = self.target_role_ids

        willing_to_relocate = self.willing_to_relocate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acceptable_locations": acceptable_locations,
                "move_kinds": move_kinds,
                "set_at": set_at,
                "target_role_ids": target_role_ids,
                "willing_to_relocate": willing_to_relocate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        acceptable_locations = cast(list[str], d.pop("acceptable_locations"))

        move_kinds = []
        _move_kinds = d.pop("move_kinds")
        for move_kinds_item_data in _move_kinds:
            move_kinds_item = MoveKind(move_kinds_item_data)

            move_kinds.append(move_kinds_item)

        def _parse_set_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                set_at_type_0 = isoparse(data)

                return set_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        set_at = _parse_set_at(d.pop("set_at"))

        target_role_ids = cast(list[str], d.pop("target_role_ids"))

        willing_to_relocate = d.pop("willing_to_relocate")

        goals_view = cls(
            acceptable_locations=acceptable_locations,
            move_kinds=move_kinds,
            set_at=set_at,
            target_role_ids=target_role_ids,
            willing_to_relocate=willing_to_relocate,
        )

        goals_view.additional_properties = d
        return goals_view

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
