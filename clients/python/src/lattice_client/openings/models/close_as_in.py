from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.close_as_in_outcome import CloseAsInOutcome


T = TypeVar("T", bound="CloseAsIn")


@_attrs_define
class CloseAsIn:
    """
    Attributes:
        outcome (CloseAsInOutcome):
    """

    outcome: CloseAsInOutcome

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = CloseAsInOutcome(d.pop("outcome"))

        close_as_in = cls(
            outcome=outcome,
        )

        return close_as_in
