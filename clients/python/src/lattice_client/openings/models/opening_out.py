from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.opening_kind import OpeningKind
from ..models.status import Status
from ..models.temporary_kind import TemporaryKind
from ..models.track import Track
from dateutil.parser import isoparse
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.eligibility_out import EligibilityOut
    from ..models.required_skill_out import RequiredSkillOut
    from ..models.skill_level_out import SkillLevelOut


T = TypeVar("T", bound="OpeningOut")


@_attrs_define
class OpeningOut:
    """An opening as every employee may see it.

    Attributes:
        department (str):
        eligibility (EligibilityOut):
        ends_on (datetime.date | None):
        grade (int):
        hiring_manager_id (str):
        incumbent_ids (list[str]):
        kind (OpeningKind):
        locations (list[str]):
        match_threshold (float | None): null: the organisation default applies.
        opening_id (str):
        optional_skills (list[SkillLevelOut]):
        remote (bool):
        required_skills (list[RequiredSkillOut]):
        role_id (None | str):
        starts_on (datetime.date | None):
        status (Status):
        temporary_kind (None | TemporaryKind):
        time_share_percent (int):
        title (str):
        track (Track): The two tracks of the dual career ladder.
    """

    department: str
    eligibility: EligibilityOut
    ends_on: datetime.date | None
    grade: int
    hiring_manager_id: str
    incumbent_ids: list[str]
    kind: OpeningKind
    locations: list[str]
    match_threshold: float | None
    opening_id: str
    optional_skills: list[SkillLevelOut]
    remote: bool
    required_skills: list[RequiredSkillOut]
    role_id: None | str
    starts_on: datetime.date | None
    status: Status
    temporary_kind: None | TemporaryKind
    time_share_percent: int
    title: str
    track: Track
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.eligibility_out import EligibilityOut
        from ..models.required_skill_out import RequiredSkillOut
        from ..models.skill_level_out import SkillLevelOut

        department = self.department

        eligibility = self.eligibility.to_dict()

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        grade = self.grade

        hiring_manager_id = self.hiring_manager_id

        incumbent_ids = self.incumbent_ids

        kind = self.kind.value

        locations = self.locations

        match_threshold: float | None
        match_threshold = self.match_threshold

        opening_id = self.opening_id

        optional_skills = []
        for optional_skills_item_data in self.optional_skills:
            optional_skills_item = optional_skills_item_data.to_dict()
            optional_skills.append(optional_skills_item)

        remote = self.remote

        required_skills = []
        for required_skills_item_data in self.required_skills:
            required_skills_item = required_skills_item_data.to_dict()
            required_skills.append(required_skills_item)

        role_id: None | str
        role_id = self.role_id

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        status = self.status.value

        temporary_kind: None | str
        if isinstance(self.temporary_kind, TemporaryKind):
            temporary_kind = self.temporary_kind.value
        else:
            temporary_kind = self.temporary_kind

        time_share_percent = self.time_share_percent

        title = self.title

        track = self.track.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "department": department,
                "eligibility": eligibility,
                "ends_on": ends_on,
                "grade": grade,
                "hiring_manager_id": hiring_manager_id,
                "incumbent_ids": incumbent_ids,
                "kind": kind,
                "locations": locations,
                "match_threshold": match_threshold,
                "opening_id": opening_id,
                "optional_skills": optional_skills,
                "remote": remote,
                "required_skills": required_skills,
                "role_id": role_id,
                "starts_on": starts_on,
                "status": status,
                "temporary_kind": temporary_kind,
                "time_share_percent": time_share_percent,
                "title": title,
                "track": track,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.eligibility_out import EligibilityOut
        from ..models.required_skill_out import RequiredSkillOut
        from ..models.skill_level_out import SkillLevelOut

        d = dict(src_dict)
        department = d.pop("department")

        eligibility = EligibilityOut.from_dict(d.pop("eligibility"))

        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = isoparse(data).date()

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))

        grade = d.pop("grade")

        hiring_manager_id = d.pop("hiring_manager_id")

        incumbent_ids = cast(list[str], d.pop("incumbent_ids"))

        kind = OpeningKind(d.pop("kind"))

        locations = cast(list[str], d.pop("locations"))

        def _parse_match_threshold(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        match_threshold = _parse_match_threshold(d.pop("match_threshold"))

        opening_id = d.pop("opening_id")

        optional_skills = []
        _optional_skills = d.pop("optional_skills")
        for optional_skills_item_data in _optional_skills:
            optional_skills_item = SkillLevelOut.from_dict(optional_skills_item_data)

            optional_skills.append(optional_skills_item)

        remote = d.pop("remote")

        required_skills = []
        _required_skills = d.pop("required_skills")
        for required_skills_item_data in _required_skills:
            required_skills_item = RequiredSkillOut.from_dict(required_skills_item_data)

            required_skills.append(required_skills_item)

        def _parse_role_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role_id = _parse_role_id(d.pop("role_id"))

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = isoparse(data).date()

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))

        status = Status(d.pop("status"))

        def _parse_temporary_kind(data: object) -> None | TemporaryKind:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                temporary_kind_type_0 = TemporaryKind(data)

                return temporary_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemporaryKind, data)

        temporary_kind = _parse_temporary_kind(d.pop("temporary_kind"))

        time_share_percent = d.pop("time_share_percent")

        title = d.pop("title")

        track = Track(d.pop("track"))

        opening_out = cls(
            department=department,
            eligibility=eligibility,
            ends_on=ends_on,
            grade=grade,
            hiring_manager_id=hiring_manager_id,
            incumbent_ids=incumbent_ids,
            kind=kind,
            locations=locations,
            match_threshold=match_threshold,
            opening_id=opening_id,
            optional_skills=optional_skills,
            remote=remote,
            required_skills=required_skills,
            role_id=role_id,
            starts_on=starts_on,
            status=status,
            temporary_kind=temporary_kind,
            time_share_percent=time_share_percent,
            title=title,
            track=track,
        )

        opening_out.additional_properties = d
        return opening_out

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
