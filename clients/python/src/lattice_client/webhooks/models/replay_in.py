from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="ReplayIn")


@_attrs_define
class ReplayIn:
    """
    Attributes:
        delivery_ids (list[str] | None | Unset): The dead letters to replay; none: all of them.
    """

    delivery_ids: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        delivery_ids: list[str] | None | Unset
        if isinstance(self.delivery_ids, Unset):
            delivery_ids = UNSET
        elif isinstance(self.delivery_ids, list):
            delivery_ids = self.delivery_ids

        else:
            delivery_ids = self.delivery_ids

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if delivery_ids is not UNSET:
            field_dict["delivery_ids"] = delivery_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_delivery_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                delivery_ids_type_0 = cast(list[str], data)

                return delivery_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        delivery_ids = _parse_delivery_ids(d.pop("delivery_ids", UNSET))

        replay_in = cls(
            delivery_ids=delivery_ids,
        )

        return replay_in
