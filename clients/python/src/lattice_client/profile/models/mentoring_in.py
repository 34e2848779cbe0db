from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="MentoringIn")


@_attrs_define
class MentoringIn:
    """
    Attributes:
        mentor_opt_in (bool):
    """

    mentor_opt_in: bool

    def to_dict(self) -> dict[str, Any]:
        mentor_opt_in = self.mentor_opt_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mentor_opt_in": mentor_opt_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mentor_opt_in = d.pop("mentor_opt_in")

        mentoring_in = cls(
            mentor_opt_in=mentor_opt_in,
        )

        return mentoring_in
