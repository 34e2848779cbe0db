from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="LearningPathRow")


@_attrs_define
class LearningPathRow:
    """
    Attributes:
        learned (int): Of them, those who completed learning afterwards.
        learned_rate (float | None):
        near_missed (int): Employees who nearly matched an opening.
        placed (int): Of those, the ones placed (anywhere) after that learning.
        placed_rate (float | None):
    """

    learned: int
    learned_rate: float | None
    near_missed: int
    placed: int
    placed_rate: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        learned = self.learned

        learned_rate: float | None
        learned_rate = self.learned_rate

        near_missed = self.near_missed

        placed = self.placed

        placed_rate: float | None
        placed_rate = self.placed_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "learned": learned,
                "learned_rate": learned_rate,
                "near_missed": near_missed,
                "placed": placed,
                "placed_rate": placed_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        learned = d.pop("learned")

        def _parse_learned_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        learned_rate = _parse_learned_rate(d.pop("learned_rate"))

        near_missed = d.pop("near_missed")

        placed = d.pop("placed")

        def _parse_placed_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        placed_rate = _parse_placed_rate(d.pop("placed_rate"))

        learning_path_row = cls(
            learned=learned,
            learned_rate=learned_rate,
            near_missed=near_missed,
            placed=placed,
            placed_rate=placed_rate,
        )

        learning_path_row.additional_properties = d
        return learning_path_row

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
