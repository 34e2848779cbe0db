from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="ReleaseCountOut")


@_attrs_define
class ReleaseCountOut:
    """
    Attributes:
        approved (int):
        automatic (int):
        declined (int):
        manager_id (str):
        waiting (int):
    """

    approved: int
    automatic: int
    declined: int
    manager_id: str
    waiting: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        automatic = self.automatic

        declined = self.declined

        manager_id = self.manager_id

        waiting = self.waiting

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approved": approved,
                "automatic": automatic,
                "declined": declined,
                "manager_id": manager_id,
                "waiting": waiting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved")

        automatic = d.pop("automatic")

        declined = d.pop("declined")

        manager_id = d.pop("manager_id")

        waiting = d.pop("waiting")

        release_count_out = cls(
            approved=approved,
            automatic=automatic,
            declined=declined,
            manager_id=manager_id,
            waiting=waiting,
        )

        release_count_out.additional_properties = d
        return release_count_out

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
