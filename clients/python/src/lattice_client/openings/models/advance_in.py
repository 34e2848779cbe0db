from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset


T = TypeVar("T", bound="AdvanceIn")


@_attrs_define
class AdvanceIn:
    """
    Attributes:
        days (float | Unset):  Default: 0.0.
        hours (float | Unset):  Default: 0.0.
    """

    days: float | Unset = 0.0
    hours: float | Unset = 0.0

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        hours = self.hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days is not UNSET:
            field_dict["days"] = days
        if hours is not UNSET:
            field_dict["hours"] = hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days", UNSET)

        hours = d.pop("hours", UNSET)

        advance_in = cls(
            days=days,
            hours=hours,
        )

        return advance_in
