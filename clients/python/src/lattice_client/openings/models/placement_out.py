from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="PlacementOut")


@_attrs_define
class PlacementOut:
    """
    Attributes:
        effective_on (datetime.date):
        employee_id (str):
        ends_on (datetime.date | None):
        opening_id (str):
        placement_id (str):
    """

    effective_on: datetime.date
    employee_id: str
    ends_on: datetime.date | None
    opening_id: str
    placement_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        effective_on = self.effective_on.isoformat()

        employee_id = self.employee_id

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        opening_id = self.opening_id

        placement_id = self.placement_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "effective_on": effective_on,
                "employee_id": employee_id,
                "ends_on": ends_on,
                "opening_id": opening_id,
                "placement_id": placement_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_on = isoparse(d.pop("effective_on")).date()

        employee_id = d.pop("employee_id")

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = isoparse(data).date()

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        opening_id = d.pop("opening_id")

        placement_id = d.pop("placement_id")

        placement_out = cls(
            effective_on=effective_on,
            employee_id=employee_id,
            ends_on=ends_on,
            opening_id=opening_id,
            placement_id=placement_id,
        )

        placement_out.additional_properties = d
        return placement_out

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
