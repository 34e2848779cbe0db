from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="ConfidentialOut")


@_attrs_define
class ConfidentialOut:
    """
    Attributes:
        budget (None | str):
        internal_notes (None | str):
        salary_band (None | str):
        shortlist (list[str]):
    """

    budget: None | str
    internal_notes: None | str
    salary_band: None | str
    shortlist: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        budget: None | str
        budget = self.budget

        internal_notes: None | str
        internal_notes = self.internal_notes

        salary_band: None | str
        salary_band = self.salary_band

        shortlist = self.shortlist

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "budget": budget,
                "internal_notes": internal_notes,
                "salary_band": salary_band,
                "shortlist": shortlist,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_budget(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        budget = _parse_budget(d.pop("budget"))

        def _parse_internal_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        internal_notes = _parse_internal_notes(d.pop("internal_notes"))

        def _parse_salary_band(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        salary_band = _parse_salary_band(d.pop("salary_band"))

        shortlist = cast(list[str], d.pop("shortlist"))

        confidential_out = cls(
            budget=budget,
            internal_notes=internal_notes,
            salary_band=salary_band,
            shortlist=shortlist,
        )

        confidential_out.additional_properties = d
        return confidential_out

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
