from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.track import Track
from typing import cast

if TYPE_CHECKING:
    from ..models.career_path_out import CareerPathOut
    from ..models.skill_level_out import SkillLevelOut


T = TypeVar("T", bound="RoleOut")


@_attrs_define
class RoleOut:
    """
    Attributes:
        grade (int):
        job_family (str):
        paths (list[CareerPathOut]):
        role_id (str):
        skill_profile (list[SkillLevelOut]):
        title (str):
        track (Track): The two tracks of the dual career ladder.
    """

    grade: int
    job_family: str
    paths: list[CareerPathOut]
    role_id: str
    skill_profile: list[SkillLevelOut]
    title: str
    track: Track
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.career_path_out import CareerPathOut
        from ..models.skill_level_out import SkillLevelOut

        grade = self.grade

        job_family = self.job_family

        paths = []
        for paths_item_data in self.paths:
            paths_item = paths_item_data.to_dict()
            paths.append(paths_item)

        role_id = self.role_id

        skill_profile = []
        for skill_profile_item_data in self.skill_profile:
            skill_profile_item = skill_profile_item_data.to_dict()
            skill_profile.append(skill_profile_item)

        title = self.title

        track = self.track.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grade": grade,
                "job_family": job_family,
                "paths": paths,
                "role_id": role_id,
                "skill_profile": skill_profile,
                "title": title,
                "track": track,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.career_path_out import CareerPathOut
        from ..models.skill_level_out import SkillLevelOut

        d = dict(src_dict)
        grade = d.pop("grade")

        job_family = d.pop("job_family")

        paths = []
        _paths = d.pop("paths")
        for paths_item_data in _paths:
            paths_item = CareerPathOut.from_dict(paths_item_data)

            paths.append(paths_item)

        role_id = d.pop("role_id")

        skill_profile = []
        _skill_profile = d.pop("skill_profile")
        for skill_profile_item_data in _skill_profile:
            skill_profile_item = SkillLevelOut.from_dict(skill_profile_item_data)

            skill_profile.append(skill_profile_item)

        title = d.pop("title")

        track = Track(d.pop("track"))

        role_out = cls(
            grade=grade,
            job_family=job_family,
            paths=paths,
            role_id=role_id,
            skill_profile=skill_profile,
            title=title,
            track=track,
        )

        role_out.additional_properties = d
        return role_out

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
