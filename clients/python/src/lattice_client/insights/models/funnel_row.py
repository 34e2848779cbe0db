from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="FunnelRow")


@_attrs_define
class FunnelRow:
    """
    Attributes:
        interested (int): Candidates who expressed interest, or got further.
        interested_rate (float | None): interested / surfaced.
        offered (int):
        offered_rate (float | None): offered / shortlisted.
        placed (int):
        placed_rate (float | None): placed / offered.
        shortlisted (int):
        shortlisted_rate (float | None): shortlisted / interested.
        surfaced (int): Candidates surfaced (or further: every candidate).
        department (None | str | Unset):
        kind (None | str | Unset):
        opening_id (None | str | Unset): None for the funnel of every opening.
        title (None | str | Unset):
    """

    interested: int
    interested_rate: float | None
    offered: int
    offered_rate: float | None
    placed: int
    placed_rate: float | None
    shortlisted: int
    shortlisted_rate: float | None
    surfaced: int
    department: None | str | Unset = UNSET
    kind: None | str | Unset = UNSET
    opening_id: None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        interested = self.interested

        interested_rate: float | None
        interested_rate = self.interested_rate

        offered = self.offered

        offered_rate: float | None
        offered_rate = self.offered_rate

        placed = self.placed

        placed_rate: float | None
        placed_rate = self.placed_rate

        shortlisted = self.shortlisted

        shortlisted_rate: float | None
        shortlisted_rate = self.shortlisted_rate

        surfaced = self.surfaced

        department: None | str | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        else:
            department = self.department

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        opening_id: None | str | Unset
        if isinstance(self.opening_id, Unset):
            opening_id = UNSET
        else:
            opening_id = self.opening_id

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "interested": interested,
                "interested_rate": interested_rate,
                "offered": offered,
                "offered_rate": offered_rate,
                "placed": placed,
                "placed_rate": placed_rate,
                "shortlisted": shortlisted,
                "shortlisted_rate": shortlisted_rate,
                "surfaced": surfaced,
            }
        )
        if department is not UNSET:
            field_dict["department"] = department
        if kind is not UNSET:
            field_dict["kind"] = kind
        if opening_id is not UNSET:
            field_dict["opening_id"] = opening_id
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        interested = d.pop("interested")

        def _parse_interested_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        interested_rate = _parse_interested_rate(d.pop("interested_rate"))

        offered = d.pop("offered")

        def _parse_offered_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        offered_rate = _parse_offered_rate(d.pop("offered_rate"))

        placed = d.pop("placed")

        def _parse_placed_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        placed_rate = _parse_placed_rate(d.pop("placed_rate"))

        shortlisted = d.pop("shortlisted")

        def _parse_shortlisted_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        shortlisted_rate = _parse_shortlisted_rate(d.pop("shortlisted_rate"))

        surfaced = d.pop("surfaced")

        def _parse_department(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        department = _parse_department(d.pop("department", UNSET))

        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_opening_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        opening_id = _parse_opening_id(d.pop("opening_id", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        funnel_row = cls(
            interested=interested,
            interested_rate=interested_rate,
            offered=offered,
            offered_rate=offered_rate,
            placed=placed,
            placed_rate=placed_rate,
            shortlisted=shortlisted,
            shortlisted_rate=shortlisted_rate,
            surfaced=surfaced,
            department=department,
            kind=kind,
            opening_id=opening_id,
            title=title,
        )

        funnel_row.additional_properties = d
        return funnel_row

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
