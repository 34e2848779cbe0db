from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.scope import Scope
from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="SubscriptionOut")


@_attrs_define
class SubscriptionOut:
    """
    Attributes:
        created_at (datetime.datetime):
        created_by (str): Who subscribed (the token's sub).
        description (None | str):
        event_types (list[str]):
        scope (Scope): How much a subscriber may learn about people.
        subscription_id (str):
        url (str):
    """

    created_at: datetime.datetime
    created_by: str
    description: None | str
    event_types: list[str]
    scope: Scope
    subscription_id: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        description: None | str
        description = self.description

        event_types = self.event_types

        scope = self.scope.value

        subscription_id = self.subscription_id

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "description": description,
                "event_types": event_types,
                "scope": scope,
                "subscription_id": subscription_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = isoparse(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        event_types = cast(list[str], d.pop("event_types"))

        scope = Scope(d.pop("scope"))

        subscription_id = d.pop("subscription_id")

        url = d.pop("url")

        subscription_out = cls(
            created_at=created_at,
            created_by=created_by,
            description=description,
            event_types=event_types,
            scope=scope,
            subscription_id=subscription_id,
            url=url,
        )

        subscription_out.additional_properties = d
        return subscription_out

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
