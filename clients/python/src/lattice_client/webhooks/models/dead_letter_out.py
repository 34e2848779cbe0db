from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="DeadLetterOut")


@_attrs_define
class DeadLetterOut:
    """
    Attributes:
        attempts (int):
        created_at (datetime.datetime): When the event was accepted for the subscriber.
        dead_at (datetime.datetime):
        delivery_id (str): The webhook-id every attempt carried (and a replay will).
        event_id (str): The CloudEvents id of the event.
        event_type (str):
        last_error (None | str): Why the last attempt failed.
    """

    attempts: int
    created_at: datetime.datetime
    dead_at: datetime.datetime
    delivery_id: str
    event_id: str
    event_type: str
    last_error: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        dead_at = self.dead_at.isoformat()

        delivery_id = self.delivery_id

        event_id = self.event_id

        event_type = self.event_type

        last_error: None | str
        last_error = self.last_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "dead_at": dead_at,
                "delivery_id": delivery_id,
                "event_id": event_id,
                "event_type": event_type,
                "last_error": last_error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = isoparse(d.pop("created_at"))

        dead_at = isoparse(d.pop("dead_at"))

        delivery_id = d.pop("delivery_id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        dead_letter_out = cls(
            attempts=attempts,
            created_at=created_at,
            dead_at=dead_at,
            delivery_id=delivery_id,
            event_id=event_id,
            event_type=event_type,
            last_error=last_error,
        )

        dead_letter_out.additional_properties = d
        return dead_letter_out

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
