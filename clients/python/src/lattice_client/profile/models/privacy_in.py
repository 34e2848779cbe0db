from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="PrivacyIn")


@_attrs_define
class PrivacyIn:
    """
    Attributes:
        discoverable (bool): May opportunities be surfaced to me?
        hide_mobility_from_manager (bool): Keep my career goals and discoverability from my manager.
    """

    discoverable: bool
    hide_mobility_from_manager: bool

    def to_dict(self) -> dict[str, Any]:
        discoverable = self.discoverable

        hide_mobility_from_manager = self.hide_mobility_from_manager

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "discoverable": discoverable,
                "hide_mobility_from_manager": hide_mobility_from_manager,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        discoverable = d.pop("discoverable")

        hide_mobility_from_manager = d.pop("hide_mobility_from_manager")

        privacy_in = cls(
            discoverable=discoverable,
            hide_mobility_from_manager=hide_mobility_from_manager,
        )

        return privacy_in
