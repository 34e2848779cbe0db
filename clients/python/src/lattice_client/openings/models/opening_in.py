from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.opening_kind import OpeningKind
from ..models.temporary_kind import TemporaryKind
from ..models.track import Track
from ..types import UNSET, Unset
from dateutil.parser import isoparse
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.confidential_in import ConfidentialIn
    from ..models.eligibility_in import EligibilityIn
    from ..models.optional_skill_in import OptionalSkillIn
    from ..models.required_skill_in import RequiredSkillIn


T = TypeVar("T", bound="OpeningIn")


@_attrs_define
class OpeningIn:
    """
    Attributes:
        department (str): Department that owns the opening.
        kind (OpeningKind):
        title (str):
        confidential (ConfidentialIn | Unset):
        eligibility (EligibilityIn | Unset):
        ends_on (datetime.date | None | Unset):
        grade (int | None | Unset):
        hiring_manager_id (None | str | Unset): HR names it; a manager is always their own hiring manager.
        incumbent_ids (list[str] | Unset):
        inherit_role_skills (bool | Unset): Start from the role's skill profile. Default: True.
        locations (list[str] | Unset): Site ids.
        match_threshold (float | None | Unset): Absent: the organisation default.
        optional_skills (list[OptionalSkillIn] | Unset):
        remote (bool | Unset):  Default: False.
        required_skills (list[RequiredSkillIn] | Unset): Laid over the role's skill profile, by skill id.
        role_id (None | str | Unset): Role filled; grade, track and skills inherit.
        starts_on (datetime.date | None | Unset):
        temporary_kind (None | TemporaryKind | Unset):
        time_share_percent (int | Unset):  Default: 100.
        track (None | Track | Unset):
    """

    department: str
    kind: OpeningKind
    title: str
    confidential: ConfidentialIn | Unset = UNSET
    eligibility: EligibilityIn | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    grade: int | None | Unset = UNSET
    hiring_manager_id: None | str | Unset = UNSET
    incumbent_ids: list[str] | Unset = UNSET
    inherit_role_skills: bool | Unset = True
    locations: list[str] | Unset = UNSET
    match_threshold: float | None | Unset = UNSET
    optional_skills: list[OptionalSkillIn] | Unset = UNSET
    remote: bool | Unset = False
    required_skills: list[RequiredSkillIn] | Unset = UNSET
    role_id: None | str | Unset = UNSET
    starts_on: datetime.date | None | Unset = UNSET
    temporary_kind: None | TemporaryKind | Unset = UNSET
    time_share_percent: int | Unset = 100
    track: None | Track | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.confidential_in import ConfidentialIn
        from ..models.eligibility_in import EligibilityIn
        from ..models.optional_skill_in import OptionalSkillIn
        from ..models.required_skill_in import RequiredSkillIn

        department = self.department

        kind = self.kind.value

        title = self.title

        confidential: dict[str, Any] | Unset = UNSET
        if not isinstance(self.confidential, Unset):
            confidential = self.confidential.to_dict()

        eligibility: dict[str, Any] | Unset = UNSET
        if not isinstance(self.eligibility, Unset):
            eligibility = self.eligibility.to_dict()

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        grade: int | None | Unset
        if isinstance(self.grade, Unset):
            grade = UNSET
        else:
            grade = self.grade

        hiring_manager_id: None | str | Unset
        if isinstance(self.hiring_manager_id, Unset):
            hiring_manager_id = UNSET
        else:
            hiring_manager_id = self.hiring_manager_id

        incumbent_ids: list[str] | Unset = UNSET
        if not isinstance(self.incumbent_ids, Unset):
            incumbent_ids = self.incumbent_ids

        inherit_role_skills = self.inherit_role_skills

        locations: list[str] | Unset = UNSET
        if not isinstance(self.locations, Unset):
            locations = self.locations

        match_threshold: float | None | Unset
        if isinstance(self.match_threshold, Unset):
            match_threshold = UNSET
        else:
            match_threshold = self.match_threshold

        optional_skills: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.optional_skills, Unset):
            optional_skills = []
            for optional_skills_item_data in self.optional_skills:
                optional_skills_item = optional_skills_item_data.to_dict()
                optional_skills.append(optional_skills_item)

        remote = self.remote

        required_skills: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.required_skills, Unset):
            required_skills = []
            for required_skills_item_data in self.required_skills:
                required_skills_item = required_skills_item_data.to_dict()
                required_skills.append(required_skills_item)

        role_id: None | str | Unset
        if isinstance(self.role_id, Unset):
            role_id = UNSET
        else:
            role_id = self.role_id

        starts_on: None | str | Unset
        if isinstance(self.starts_on, Unset):
            starts_on = UNSET
        elif isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        temporary_kind: None | str | Unset
        if isinstance(self.temporary_kind, Unset):
            temporary_kind = UNSET
        elif isinstance(self.temporary_kind, TemporaryKind):
            temporary_kind = self.temporary_kind.value
        else:
            temporary_kind = self.temporary_kind

        time_share_percent = self.time_share_percent

        track: None | str | Unset
        if isinstance(self.track, Unset):
            track = UNSET
        elif isinstance(self.track, Track):
            track = self.track.value
        else:
            track = self.track

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "department": department,
                "kind": kind,
                "title": title,
            }
        )
        if confidential is not UNSET:
            field_dict["confidential"] = confidential
        if eligibility is not UNSET:
            field_dict["eligibility"] = eligibility
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if grade is not UNSET:
            field_dict["grade"] = grade
        if hiring_manager_id is not UNSET:
            field_dict["hiring_manager_id"] = hiring_manager_id
        if incumbent_ids is not UNSET:
            field_dict["incumbent_ids"] = incumbent_ids
        if inherit_role_skills is not UNSET:
            field_dict["inherit_role_skills"] = inherit_role_skills
        if locations is not UNSET:
            field_dict["locations"] = locations
        if match_threshold is not UNSET:
            field_dict["match_threshold"] = match_threshold
        if optional_skills is not UNSET:
            field_dict["optional_skills"] = optional_skills
        if remote is not UNSET:
            field_dict["remote"] = remote
        if required_skills is not UNSET:
            field_dict["required_skills"] = required_skills
        if role_id is not UNSET:
            field_dict["role_id"] = role_id
        if starts_on is not UNSET:
            field_dict["starts_on"] = starts_on
        if temporary_kind is not UNSET:
            field_dict["temporary_kind"] = temporary_kind
        if time_share_percent is not UNSET:
            field_dict["time_share_percent"] = time_share_percent
        if track is not UNSET:
            field_dict["track"] = track

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confidential_in import ConfidentialIn
        from ..models.eligibility_in import EligibilityIn
        from ..models.optional_skill_in import OptionalSkillIn
        from ..models.required_skill_in import RequiredSkillIn

        d = dict(src_dict)
        department = d.pop("department")

        kind = OpeningKind(d.pop("kind"))

        title = d.pop("title")

        _confidential = d.pop("confidential", UNSET)
        confidential: ConfidentialIn | Unset
        if isinstance(_confidential, Unset):
            confidential = UNSET
        else:
            confidential = ConfidentialIn.from_dict(_confidential)

        _eligibility = d.pop("eligibility", UNSET)
        eligibility: EligibilityIn | Unset
        if isinstance(_eligibility, Unset):
            eligibility = UNSET
        else:
            eligibility = EligibilityIn.from_dict(_eligibility)

        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = isoparse(data).date()

                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))

        def _parse_grade(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        grade = _parse_grade(d.pop("grade", UNSET))

        def _parse_hiring_manager_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hiring_manager_id = _parse_hiring_manager_id(d.pop("hiring_manager_id", UNSET))

        incumbent_ids = cast(list[str], d.pop("incumbent_ids", UNSET))

        inherit_role_skills = d.pop("inherit_role_skills", UNSET)

        locations = cast(list[str], d.pop("locations", UNSET))

        def _parse_match_threshold(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        match_threshold = _parse_match_threshold(d.pop("match_threshold", UNSET))

        _optional_skills = d.pop("optional_skills", UNSET)
        optional_skills: list[OptionalSkillIn] | Unset = UNSET
        if _optional_skills is not UNSET:
            optional_skills = []
            for optional_skills_item_data in _optional_skills:
                optional_skills_item = OptionalSkillIn.from_dict(
                    optional_skills_item_data
                )

                optional_skills.append(optional_skills_item)

        remote = d.pop("remote", UNSET)

        _required_skills = d.pop("required_skills", UNSET)
        required_skills: list[RequiredSkillIn] | Unset = UNSET
        if _required_skills is not UNSET:
            required_skills = []
            for required_skills_item_data in _required_skills:
                required_skills_item = RequiredSkillIn.from_dict(
                    required_skills_item_data
                )

                required_skills.append(required_skills_item)

        def _parse_role_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role_id = _parse_role_id(d.pop("role_id", UNSET))

        def _parse_starts_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = isoparse(data).date()

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        starts_on = _parse_starts_on(d.pop("starts_on", UNSET))

        def _parse_temporary_kind(data: object) -> None | TemporaryKind | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                temporary_kind_type_0 = TemporaryKind(data)

                return temporary_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemporaryKind | Unset, data)

        temporary_kind = _parse_temporary_kind(d.pop("temporary_kind", UNSET))

        time_share_percent = d.pop("time_share_percent", UNSET)

        def _parse_track(data: object) -> None | Track | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                track_type_0 = Track(data)

                return track_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Track | Unset, data)

        track = _parse_track(d.pop("track", UNSET))

        opening_in = cls(
            department=department,
            kind=kind,
            title=title,
            confidential=confidential,
            eligibility=eligibility,
            ends_on=ends_on,
            grade=grade,
            hiring_manager_id=hiring_manager_id,
            incumbent_ids=incumbent_ids,
            inherit_role_skills=inherit_role_skills,
            locations=locations,
            match_threshold=match_threshold,
            optional_skills=optional_skills,
            remote=remote,
            required_skills=required_skills,
            role_id=role_id,
            starts_on=starts_on,
            temporary_kind=temporary_kind,
            time_share_percent=time_share_percent,
            track=track,
        )

        return opening_in
