from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="FillRateRow")


@_attrs_define
class FillRateRow:
    """
    Attributes:
        external_fills (int): Filled from outside.
        fills (int):
        internal_fill_rate (float | None): internal_fills / fills.
        internal_fills (int): Filled by an internal placement.
        department (None | str | Unset): Department that owns the opening.
        kind (None | str | Unset): role or temporary.
        month (None | str | Unset): YYYY-MM the opening was filled (UTC).
    """

    external_fills: int
    fills: int
    internal_fill_rate: float | None
    internal_fills: int
    department: None | str | Unset = UNSET
    kind: None | str | Unset = UNSET
    month: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_fills = self.external_fills

        fills = self.fills

        internal_fill_rate: float | None
        internal_fill_rate = self.internal_fill_rate

        internal_fills = self.internal_fills

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
                "external_fills": external_fills,
                "fills": fills,
                "internal_fill_rate": internal_fill_rate,
                "internal_fills": internal_fills,
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
        external_fills = d.pop("external_fills")

        fills = d.pop("fills")

        def _parse_internal_fill_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        internal_fill_rate = _parse_internal_fill_rate(d.pop("internal_fill_rate"))

        internal_fills = d.pop("internal_fills")

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

        fill_rate_row = cls(
            external_fills=external_fills,
            fills=fills,
            internal_fill_rate=internal_fill_rate,
            internal_fills=internal_fills,
            department=department,
            kind=kind,
            month=month,
        )

        fill_rate_row.additional_properties = d
        return fill_rate_row

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
