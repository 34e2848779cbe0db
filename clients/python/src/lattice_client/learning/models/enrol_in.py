from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="EnrolIn")


@_attrs_define
class EnrolIn:
    """
    Attributes:
        item_id (str):
    """

    item_id: str

    def to_dict(self) -> dict[str, Any]:
        item_id = self.item_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "item_id": item_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item_id = d.pop("item_id")

        enrol_in = cls(
            item_id=item_id,
        )

        return enrol_in
