from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="EligibilityOut")


@_attrs_define
class EligibilityOut:
    """
    Attributes:
        departments_excluded (list[str]):
        departments_included (list[str]):
        grade_max (int | None):
        grade_min (int | None):
        min_tenure_months (int):
    """

    departments_excluded: list[str]
    departments_included: list[str]
    grade_max: int | None
    grade_min: int | None
    min_tenure_months: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        departments_excluded = self.departments_excluded

        departments_included = self.departments_included

        grade_max: int | None
        grade_max = self.grade_max

        grade_min: int | None
        grade_min = self.grade_min

        min_tenure_months = self.min_tenure_months

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "departments_excluded": departments_excluded,
                "departments_included": departments_included,
                "grade_max": grade_max,
                "grade_min": grade_min,
                "min_tenure_months": min_tenure_months,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        departments_excluded = cast(list[str], d.pop("departments_excluded"))

        departments_included = cast(list[str], d.pop("departments_included"))

        def _parse_grade_max(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        grade_max = _parse_grade_max(d.pop("grade_max"))

        def _parse_grade_min(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        grade_min = _parse_grade_min(d.pop("grade_min"))

        min_tenure_months = d.pop("min_tenure_months")

        eligibility_out = cls(
            departments_excluded=departments_excluded,
            departments_included=departments_included,
            grade_max=grade_max,
            grade_min=grade_min,
            min_tenure_months=min_tenure_months,
        )

        eligibility_out.additional_properties = d
        return eligibility_out

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
