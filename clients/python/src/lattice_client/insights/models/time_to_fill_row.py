from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="TimeToFillRow")


@_attrs_define
class TimeToFillRow:
    """
    Attributes:
        fills (int): Fills whose posting is known.
        p50_days (float): Median days from posted to filled.
        p90_days (float): 90th percentile of days from posted to filled.
        department (None | str | Unset):
        kind (None | str | Unset):
        month (None | str | Unset):
    """

    fills: int
    p50_days: float
    p90_days: float
    department: None | str | Unset = UNSET
    kind: None | str | Unset = UNSET
    month: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fills = self.fills

        p50_days = self.p50_days

        p90_days = self.p90_days

        department: None | str | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        else:
            department = self.department

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        month: None | str | Unset
        if isinstance(self.month, Unset):
            month = UNSET
        else:
            month = self.month

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fills": fills,
                "p50_days": p50_days,
                "p90_days": p90_days,
            }
        )
        if department is not UNSET:
            field_dict["department"] = department
        if kind is not UNSET:
            field_dict["kind"] = kind
        if month is not UNSET:
            field_dict["month"] = month

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fills = d.pop("fills")

        p50_days = d.pop("p50_days")

        p90_days = d.pop("p90_days")

        def _parse_department(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        department = _parse_department(d.pop("department", UNSET))

        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_month(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        month = _parse_month(d.pop("month", UNSET))

        time_to_fill_row = cls(
            fills=fills,
            p50_days=p50_days,
            p90_days=p90_days,
            department=department,
            kind=kind,
            month=month,
        )

        time_to_fill_row.additional_properties = d
        return time_to_fill_row

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
