from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="EligibilityIn")


@_attrs_define
class EligibilityIn:
    """
    Attributes:
        departments_excluded (list[str] | Unset):
        departments_included (list[str] | Unset):
        grade_max (int | None | Unset):
        grade_min (int | None | Unset):
        min_tenure_months (int | Unset):  Default: 0.
    """

    departments_excluded: list[str] | Unset = UNSET
    departments_included: list[str] | Unset = UNSET
    grade_max: int | None | Unset = UNSET
    grade_min: int | None | Unset = UNSET
    min_tenure_months: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        departments_excluded: list[str] | Unset = UNSET
        if not isinstance(self.departments_excluded, Unset):
            departments_excluded = self.departments_excluded

        departments_included: list[str] | Unset = UNSET
        if not isinstance(self.departments_included, Unset):
            departments_included = self.departments_included

        grade_max: int | None | Unset
        if isinstance(self.grade_max, Unset):
            grade_max = UNSET
        else:
            grade_max = self.grade_max

        grade_min: int | None | Unset
        if isinstance(self.grade_min, Unset):
            grade_min = UNSET
        else:
            grade_min = self.grade_min

        min_tenure_months = self.min_tenure_months

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if departments_excluded is not UNSET:
            field_dict["departments_excluded"] = departments_excluded
        if departments_included is not UNSET:
            field_dict["departments_included"] = departments_included
        if grade_max is not UNSET:
            field_dict["grade_max"] = grade_max
        if grade_min is not UNSET:
            field_dict["grade_min"] = grade_min
        if min_tenure_months is not UNSET:
            field_dict["min_tenure_months"] = min_tenure_months

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        departments_excluded = cast(list[str], d.pop("departments_excluded", UNSET))

        departments_included = cast(list[str], d.pop("departments_included", UNSET))

        def _parse_grade_max(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        grade_max = _parse_grade_max(d.pop("grade_max", UNSET))

        def _parse_grade_min(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        grade_min = _parse_grade_min(d.pop("grade_min", UNSET))

        min_tenure_months = d.pop("min_tenure_months", UNSET)

        eligibility_in = cls(
            departments_excluded=departments_excluded,
            departments_included=departments_included,
            grade_max=grade_max,
            grade_min=grade_min,
            min_tenure_months=min_tenure_months,
        )

        return eligibility_in
