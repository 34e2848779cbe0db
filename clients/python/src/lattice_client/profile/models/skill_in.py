from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from dateutil.parser import isoparse
from typing import cast
import datetime


T = TypeVar("T", bound="SkillIn")


@_attrs_define
class SkillIn:
    """
    Attributes:
        level (int): Proficiency 1-5.
        skill (str): A skill id, name, alias or ESCO URI; normalised by the taxonomy.
        last_used_on (datetime.date | None | Unset): When last used or verified.
    """

    level: int
    skill: str
    last_used_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        skill = self.skill

        last_used_on: None | str | Unset
        if isinstance(self.last_used_on, Unset):
            last_used_on = UNSET
        elif isinstance(self.last_used_on, datetime.date):
            last_used_on = self.last_used_on.isoformat()
        else:
            last_used_on = self.last_used_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "level": level,
                "skill": skill,
            }
        )
        if last_used_on is not UNSET:
            field_dict["last_used_on"] = last_used_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        skill = d.pop("skill")

        def _parse_last_used_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_on_type_0 = isoparse(data).date()

                return last_used_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_used_on = _parse_last_used_on(d.pop("last_used_on", UNSET))

        skill_in = cls(
            level=level,
            skill=skill,
            last_used_on=last_used_on,
        )

        return skill_in
