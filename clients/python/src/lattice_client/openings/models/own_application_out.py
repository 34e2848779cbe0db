from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="OwnApplicationOut")


@_attrs_define
class OwnApplicationOut:
    """
    Attributes:
        application_id (str):
        can_accept (bool):
        changed_at (datetime.datetime):
        kind (str):
        message (str): A courteous word on the status; never a decline's reason.
        opening_id (str):
        status (str):
        title (str):
    """

    application_id: str
    can_accept: bool
    changed_at: datetime.datetime
    kind: str
    message: str
    opening_id: str
    status: str
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        application_id = self.application_id

        can_accept = self.can_accept

        changed_at = self.changed_at.isoformat()

        kind = self.kind

        message = self.message

        opening_id = self.opening_id

        status = self.status

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "application_id": application_id,
                "can_accept": can_accept,
                "changed_at": changed_at,
                "kind": kind,
                "message": message,
                "opening_id": opening_id,
                "status": status,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        application_id = d.pop("application_id")

        can_accept = d.pop("can_accept")

        changed_at = isoparse(d.pop("changed_at"))

        kind = d.pop("kind")

        message = d.pop("message")

        opening_id = d.pop("opening_id")

        status = d.pop("status")

        title = d.pop("title")

        own_application_out = cls(
            application_id=application_id,
            can_accept=can_accept,
            changed_at=changed_at,
            kind=kind,
            message=message,
            opening_id=opening_id,
            status=status,
            title=title,
        )

        own_application_out.additional_properties = d
        return own_application_out

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
