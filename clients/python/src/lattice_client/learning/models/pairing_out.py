from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="PairingOut")


@_attrs_define
class PairingOut:
    """
    Attributes:
        mentee_id (str):
        mentor_id (str):
        pairing_id (str):
        status (str):
        suggested_at (datetime.datetime):
        target_role_id (str):
    """

    mentee_id: str
    mentor_id: str
    pairing_id: str
    status: str
    suggested_at: datetime.datetime
    target_role_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mentee_id = self.mentee_id

        mentor_id = self.mentor_id

        pairing_id = self.pairing_id

        status = self.status

        suggested_at = self.suggested_at.isoformat()

        target_role_id = self.target_role_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mentee_id": mentee_id,
                "mentor_id": mentor_id,
                "pairing_id": pairing_id,
                "status": status,
                "suggested_at": suggested_at,
                "target_role_id": target_role_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mentee_id = d.pop("mentee_id")

        mentor_id = d.pop("mentor_id")

        pairing_id = d.pop("pairing_id")

        status = d.pop("status")

        suggested_at = isoparse(d.pop("suggested_at"))

        target_role_id = d.pop("target_role_id")

        pairing_out = cls(
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            pairing_id=pairing_id,
            status=status,
            suggested_at=suggested_at,
            target_role_id=target_role_id,
        )

        pairing_out.additional_properties = d
        return pairing_out

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
