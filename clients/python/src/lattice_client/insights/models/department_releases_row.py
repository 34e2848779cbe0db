from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="DepartmentReleasesRow")


@_attrs_define
class DepartmentReleasesRow:
    """
    Attributes:
        approved (int):
        automatic (int): Not answered by the deadline: released automatically.
        declined (int):
        department (str):
        given (int): The department's people placed in another department.
        on_behalf (int): Of the answers, those HR gave on the manager's behalf.
        pending (int):
        received (int): People of other departments placed in this one.
    """

    approved: int
    automatic: int
    declined: int
    department: str
    given: int
    on_behalf: int
    pending: int
    received: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved = self.approved

        automatic = self.automatic

        declined = self.declined

        department = self.department

        given = self.given

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
                "department": department,
                "given": given,
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

        department = d.pop("department")

        given = d.pop("given")

        on_behalf = d.pop("on_behalf")

        pending = d.pop("pending")

        received = d.pop("received")

        department_releases_row = cls(
            approved=approved,
            automatic=automatic,
            declined=declined,
            department=department,
            given=given,
            on_behalf=on_behalf,
            pending=pending,
            received=received,
        )

        department_releases_row.additional_properties = d
        return department_releases_row

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
