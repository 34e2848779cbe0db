from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="ActedOut")


@_attrs_define
class ActedOut:
    """
    Attributes:
        opening_id (str):
        opportunity_id (None | str): The feed item; null when browsed.
        state (str): new, saved, dismissed, interested or interest_withdrawn.
    """

    opening_id: str
    opportunity_id: None | str
    state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        opening_id = self.opening_id

        opportunity_id: None | str
        opportunity_id = self.opportunity_id

        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "opening_id": opening_id,
                "opportunity_id": opportunity_id,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opening_id = d.pop("opening_id")

        def _parse_opportunity_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        opportunity_id = _parse_opportunity_id(d.pop("opportunity_id"))

        state = d.pop("state")

        acted_out = cls(
            opening_id=opening_id,
            opportunity_id=opportunity_id,
            state=state,
        )

        acted_out.additional_properties = d
        return acted_out

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
