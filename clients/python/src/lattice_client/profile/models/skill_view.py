from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.skill_source import SkillSource
from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="SkillView")


@_attrs_define
class SkillView:
    """
    Attributes:
        last_used_on (datetime.date | None):
        level (int):
        skill_id (str):
        source (SkillSource):
    """

    last_used_on: datetime.date | None
    level: int
    skill_id: str
    source: SkillSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        last_used_on: None | str
        if isinstance(self.last_used_on, datetime.date):
            last_used_on = self.last_used_on.isoformat()
        else:
            last_used_on = self.last_used_on

        level = self.level

        skill_id = self.skill_id

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "last_used_on": last_used_on,
                "level": level,
                "skill_id": skill_id,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_last_used_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_on_type_0 = isoparse(data).date()

                return last_used_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        last_used_on = _parse_last_used_on(d.pop("last_used_on"))

        level = d.pop("level")

        skill_id = d.pop("skill_id")

        source = SkillSource(d.pop("source"))

        skill_view = cls(
            last_used_on=last_used_on,
            level=level,
            skill_id=skill_id,
            source=source,
        )

        skill_view.additional_properties = d
        return skill_view

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
