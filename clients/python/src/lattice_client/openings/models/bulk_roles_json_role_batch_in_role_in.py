from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.track import Track
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.career_path_in import CareerPathIn
    from ..models.skill_level_in import SkillLevelIn


T = TypeVar("T", bound="BulkRolesJsonRoleBatchInRoleIn")


@_attrs_define
class BulkRolesJsonRoleBatchInRoleIn:
    """
    Attributes:
        grade (int):
        job_family (str):
        role_id (str):
        title (str):
        track (Track): The two tracks of the dual career ladder.
        paths (list[CareerPathIn] | Unset): Every path out of this role (replaces earlier ones).
        skill_profile (list[SkillLevelIn] | Unset):
    """

    grade: int
    job_family: str
    role_id: str
    title: str
    track: Track
    paths: list[CareerPathIn] | Unset = UNSET
    skill_profile: list[SkillLevelIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.career_path_in import CareerPathIn
        from ..models.skill_level_in import SkillLevelIn

        grade = self.grade

        job_family = self.job_family

        role_id = self.role_id

        title = self.title

        track = self.track.value

        paths: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.paths, Unset):
            paths = []
            for paths_item_data in self.paths:
                paths_item = paths_item_data.to_dict()
                paths.append(paths_item)

        skill_profile: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.skill_profile, Unset):
            skill_profile = []
            for skill_profile_item_data in self.skill_profile:
                skill_profile_item = skill_profile_item_data.to_dict()
                skill_profile.append(skill_profile_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "grade": grade,
                "job_family": job_family,
                "role_id": role_id,
                "title": title,
                "track": track,
            }
        )
        if paths is not UNSET:
            field_dict["paths"] = paths
        if skill_profile is not UNSET:
            field_dict["skill_profile"] = skill_profile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.career_path_in import CareerPathIn
        from ..models.skill_level_in import SkillLevelIn

        d = dict(src_dict)
        grade = d.pop("grade")

        job_family = d.pop("job_family")

        role_id = d.pop("role_id")

        title = d.pop("title")

        track = Track(d.pop("track"))

        _paths = d.pop("paths", UNSET)
        paths: list[CareerPathIn] | Unset = UNSET
        if _paths is not UNSET:
            paths = []
            for paths_item_data in _paths:
                paths_item = CareerPathIn.from_dict(paths_item_data)

                paths.append(paths_item)

        _skill_profile = d.pop("skill_profile", UNSET)
        skill_profile: list[SkillLevelIn] | Unset = UNSET
        if _skill_profile is not UNSET:
            skill_profile = []
            for skill_profile_item_data in _skill_profile:
                skill_profile_item = SkillLevelIn.from_dict(skill_profile_item_data)

                skill_profile.append(skill_profile_item)

        bulk_roles_json_role_batch_in_role_in = cls(
            grade=grade,
            job_family=job_family,
            role_id=role_id,
            title=title,
            track=track,
            paths=paths,
            skill_profile=skill_profile,
        )

        return bulk_roles_json_role_batch_in_role_in
