from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="EnrolmentOut")


@_attrs_define
class EnrolmentOut:
    """
    Attributes:
        completed_at (datetime.datetime | None):
        employee_id (str):
        enrolled_at (datetime.datetime):
        enrolment_id (str):
        item_id (str):
        status (str):
    """

    completed_at: datetime.datetime | None
    employee_id: str
    enrolled_at: datetime.datetime
    enrolment_id: str
    item_id: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        employee_id = self.employee_id

        enrolled_at = self.enrolled_at.isoformat()

        enrolment_id = self.enrolment_id

        item_id = self.item_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_at": completed_at,
                "employee_id": employee_id,
                "enrolled_at": enrolled_at,
                "enrolment_id": enrolment_id,
                "item_id": item_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = isoparse(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        employee_id = d.pop("employee_id")

        enrolled_at = isoparse(d.pop("enrolled_at"))

        enrolment_id = d.pop("enrolment_id")

        item_id = d.pop("item_id")

        status = d.pop("status")

        enrolment_out = cls(
            completed_at=completed_at,
            employee_id=employee_id,
            enrolled_at=enrolled_at,
            enrolment_id=enrolment_id,
            item_id=item_id,
            status=status,
        )

        enrolment_out.additional_properties = d
        return enrolment_out

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
