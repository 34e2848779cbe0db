from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from dateutil.parser import isoparse
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.explanation import Explanation


T = TypeVar("T", bound="FeedEntry")


@_attrs_define
class FeedEntry:
    """
    Attributes:
        application (None | str): Your application's status, in courteous words (e.g. invited to apply, shortlisted, not
            progressing); null when there is none.
        delivery (str): notified, or digest when held back by the daily cap.
        explanation (Explanation):
        kind (str):
        opening_id (str):
        opportunity_id (str):
        state (str): new, saved, dismissed, interested or interest_withdrawn.
        status (str): active, or withdrawn (listed only with include_withdrawn).
        surfaced_at (datetime.datetime):
        temporary_kind (None | str):
        title (str):
        withdraw_reason (None | str): Why it left the feed: dismissed, when you did.
        withdrawn_at (datetime.datetime | None):
    """

    application: None | str
    delivery: str
    explanation: Explanation
    kind: str
    opening_id: str
    opportunity_id: str
    state: str
    status: str
    surfaced_at: datetime.datetime
    temporary_kind: None | str
    title: str
    withdraw_reason: None | str
    withdrawn_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.explanation import Explanation

        application: None | str
        application = self.application

        delivery = self.delivery

        explanation = self.explanation.to_dict()

        kind = self.kind

        opening_id = self.opening_id

        opportunity_id = self.opportunity_id

        state = self.state

        status = self.status

        surfaced_at = self.surfaced_at.isoformat()

        temporary_kind: None | str
        temporary_kind = self.temporary_kind

        title = self.title

        withdraw_reason: None | str
        withdraw_reason = self.withdraw_reason

        withdrawn_at: None | str
        if isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "application": application,
                "delivery": delivery,
                "explanation": explanation,
                "kind": kind,
                "opening_id": opening_id,
                "opportunity_id": opportunity_id,
                "state": state,
                "status": status,
                "surfaced_at": surfaced_at,
                "temporary_kind": temporary_kind,
                "title": title,
                "withdraw_reason": withdraw_reason,
                "withdrawn_at": withdrawn_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.explanation import Explanation

        d = dict(src_dict)

        def _parse_application(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        application = _parse_application(d.pop("application"))

        delivery = d.pop("delivery")

        explanation = Explanation.from_dict(d.pop("explanation"))

        kind = d.pop("kind")

        opening_id = d.pop("opening_id")

        opportunity_id = d.pop("opportunity_id")

        state = d.pop("state")

        status = d.pop("status")

        surfaced_at = isoparse(d.pop("surfaced_at"))

        def _parse_temporary_kind(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        temporary_kind = _parse_temporary_kind(d.pop("temporary_kind"))

        title = d.pop("title")

        def _parse_withdraw_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        withdraw_reason = _parse_withdraw_reason(d.pop("withdraw_reason"))

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = isoparse(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at"))

        feed_entry = cls(
            application=application,
            delivery=delivery,
            explanation=explanation,
            kind=kind,
            opening_id=opening_id,
            opportunity_id=opportunity_id,
            state=state,
            status=status,
            surfaced_at=surfaced_at,
            temporary_kind=temporary_kind,
            title=title,
            withdraw_reason=withdraw_reason,
            withdrawn_at=withdrawn_at,
        )

        feed_entry.additional_properties = d
        return feed_entry

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
