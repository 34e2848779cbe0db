from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="ConfidentialIn")


@_attrs_define
class ConfidentialIn:
    """
    Attributes:
        budget (None | str | Unset):
        internal_notes (None | str | Unset):
        salary_band (None | str | Unset):
        shortlist (list[str] | Unset): Employee ids.
    """

    budget: None | str | Unset = UNSET
    internal_notes: None | str | Unset = UNSET
    salary_band: None | str | Unset = UNSET
    shortlist: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        budget: None | str | Unset
        if isinstance(self.budget, Unset):
            budget = UNSET
        else:
            budget = self.budget

        internal_notes: None | str | Unset
        if isinstance(self.internal_notes, Unset):
            internal_notes = UNSET
        else:
            internal_notes = self.internal_notes

        salary_band: None | str | Unset
        if isinstance(self.salary_band, Unset):
            salary_band = UNSET
        else:
            salary_band = self.salary_band

        shortlist: list[str] | Unset = UNSET
        if not isinstance(self.shortlist, Unset):
            shortlist = self.shortlist

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if budget is not UNSET:
            field_dict["budget"] = budget
        if internal_notes is not UNSET:
            field_dict["internal_notes"] = internal_notes
        if salary_band is not UNSET:
            field_dict["salary_band"] = salary_band
        if shortlist is not UNSET:
            field_dict["shortlist"] = shortlist

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_budget(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        budget = _parse_budget(d.pop("budget", UNSET))

        def _parse_internal_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        internal_notes = _parse_internal_notes(d.pop("internal_notes", UNSET))

        def _parse_salary_band(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        salary_band = _parse_salary_band(d.pop("salary_band", UNSET))

        shortlist = cast(list[str], d.pop("shortlist", UNSET))

        confidential_in = cls(
            budget=budget,
            internal_notes=internal_notes,
            salary_band=salary_band,
            shortlist=shortlist,
        )

        return confidential_in
