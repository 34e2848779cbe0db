from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="ReleaseOut")


@_attrs_define
class ReleaseOut:
    """
    Attributes:
        answered_by (None | str): Who answered: the manager, or HR on their behalf; none when automatic.
        deadline (datetime.datetime):
        decided_at (datetime.datetime | None):
        department (str):
        employee_id (str):
        manager_id (str):
        on_behalf (bool): HR answered on the manager's behalf.
        opening_id (str):
        outcome (None | str):
        reason (None | str): A decline's reason: shown to HR only.
        request_id (str):
        requested_at (datetime.datetime):
        title (str):
    """

    answered_by: None | str
    deadline: datetime.datetime
    decided_at: datetime.datetime | None
    department: str
    employee_id: str
    manager_id: str
    on_behalf: bool
    opening_id: str
    outcome: None | str
    reason: None | str
    request_id: str
    requested_at: datetime.datetime
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answered_by: None | str
        answered_by = self.answered_by

        deadline = self.deadline.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        department = self.department

        employee_id = self.employee_id

        manager_id = self.manager_id

        on_behalf = self.on_behalf

        opening_id = self.opening_id

        outcome: None | str
        outcome = self.outcome

        reason: None | str
        reason = self.reason

        request_id = self.request_id

        requested_at = self.requested_at.isoformat()

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answered_by": answered_by,
                "deadline": deadline,
                "decided_at": decided_at,
                "department": department,
                "employee_id": employee_id,
                "manager_id": manager_id,
                "on_behalf": on_behalf,
                "opening_id": opening_id,
                "outcome": outcome,
                "reason": reason,
                "request_id": request_id,
                "requested_at": requested_at,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_answered_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        answered_by = _parse_answered_by(d.pop("answered_by"))

        deadline = isoparse(d.pop("deadline"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = isoparse(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        department = d.pop("department")

        employee_id = d.pop("employee_id")

        manager_id = d.pop("manager_id")

        on_behalf = d.pop("on_behalf")

        opening_id = d.pop("opening_id")

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        request_id = d.pop("request_id")

        requested_at = isoparse(d.pop("requested_at"))

        title = d.pop("title")

        release_out = cls(
            answered_by=answered_by,
            deadline=deadline,
            decided_at=decided_at,
            department=department,
            employee_id=employee_id,
            manager_id=manager_id,
            on_behalf=on_behalf,
            opening_id=opening_id,
            outcome=outcome,
            reason=reason,
            request_id=request_id,
            requested_at=requested_at,
            title=title,
        )

        release_out.additional_properties = d
        return release_out

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
