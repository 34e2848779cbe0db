from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset


T = TypeVar("T", bound="DeadLetterRow")


@_attrs_define
class DeadLetterRow:
    """
    Attributes:
        count (int): Dead letters the dead-letter topic holds (within retention).
        dead_letter_topic (str): Where they went, with the reason in a header.
        topic (str): The topic (as the catalogue names it) whose records failed.
    """

    count: int
    dead_letter_topic: str
    topic: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        dead_letter_topic = self.dead_letter_topic

        topic = self.topic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "dead_letter_topic": dead_letter_topic,
                "topic": topic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        dead_letter_topic = d.pop("dead_letter_topic")

        topic = d.pop("topic")

        dead_letter_row = cls(
            count=count,
            dead_letter_topic=dead_letter_topic,
            topic=topic,
        )

        dead_letter_row.additional_properties = d
        return dead_letter_row

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
