from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="ManagerReleasesRow")


@_attrs_define
class ManagerReleasesRow:
    """
    Attributes:
        approved (int):
        automatic (int): Not answered by the deadline: released automatically.
        declined (int):
        given (int): People this manager released who were placed.
        manager_id (str):
        on_behalf (int): Of the answers, those HR gave on the manager's behalf.
        pending (int):
        received (int): Placements into the openings this manager hires for.
    """

    approved: int
    automatic: int
    declined: int
    given: int
    manager_id: str
    on_behalf: int
    pending: int
    received: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        automatic = self.automatic

        declined = self.declined

        given = self.given

        manager_id = self.manager_id

        on_behalf = self.on_behalf

        pending = self.pending

        received = self.received

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approved": approved,
                "automatic": automatic,
                "declined": declined,
                "given": given,
                "manager_id": manager_id,
                "on_behalf": on_behalf,
                "pending": pending,
                "received": received,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approved = d.pop("approved")

        automatic = d.pop("automatic")

        declined = d.pop("declined")

        given = d.pop("given")

        manager_id = d.pop("manager_id")

        on_behalf = d.pop("on_behalf")

        pending = d.pop("pending")

        received = d.pop("received")

        manager_releases_row = cls(
            approved=approved,
            automatic=automatic,
            declined=declined,
            given=given,
            manager_id=manager_id,
            on_behalf=on_behalf,
            pending=pending,
            received=received,
        )

        manager_releases_row.additional_properties = d
        return manager_releases_row

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
