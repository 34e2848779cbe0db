from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.employee_status import EmployeeStatus
from ..models.track import Track
from dateutil.parser import isoparse
from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.goals_view import GoalsView
    from ..models.privacy_view import PrivacyView
    from ..models.skill_view import SkillView


T = TypeVar("T", bound="ProfileView")


@_attrs_define
class ProfileView:
    """
    Attributes:
        changed_at (datetime.datetime):
        department (str):
        employee_id (str):
        erased (bool):
        goals (GoalsView | None): Career goals; absent when not set or not the viewer's to see.
        grade (int):
        hire_date (datetime.date):
        left_on (datetime.date | None):
        location (str):
        manager_id (None | str):
        mentor_opt_in (bool):
        name (None | str):
        privacy (None | PrivacyView): Absent when not the viewer's to see.
        role_id (None | str):
        role_start_date (datetime.date):
        skills (list[SkillView]):
        status (EmployeeStatus):
        track (Track): The two tracks of the dual career ladder.
        work_email (None | str):
    """

    changed_at: datetime.datetime
    department: str
    employee_id: str
    erased: bool
    goals: GoalsView | None
    grade: int
    hire_date: datetime.date
    left_on: datetime.date | None
    location: str
    manager_id: None | str
    mentor_opt_in: bool
    name: None | str
    privacy: None | PrivacyView
    role_id: None | str
    role_start_date: datetime.date
    skills: list[SkillView]
    status: EmployeeStatus
    track: Track
    work_email: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.goals_view import GoalsView
        from ..models.privacy_view import PrivacyView
        from ..models.skill_view import SkillView

        changed_at = self.changed_at.isoformat()

        department = self.department

        employee_id = self.employee_id

        erased = self.erased

        goals: dict[str, Any] | None
        if isinstance(self.goals, GoalsView):
            goals = self.goals.to_dict()
        else:
            goals = self.goals

        grade = self.grade

        hire_date = self.hire_date.isoformat()

        left_on: None | str
        if isinstance(self.left_on, datetime.date):
            left_on = self.left_on.isoformat()
        else:
            left_on = self.left_on

        location = self.location

        manager_id: None | str
        manager_id = self.manager_id

        mentor_opt_in = self.mentor_opt_in

        name: None | str
        name = self.name

        privacy: dict[str, Any] | None
        if isinstance(self.privacy, PrivacyView):
            privacy = self.privacy.to_dict()
        else:
            privacy = self.privacy

        role_id: None | str
        role_id = self.role_id

        role_start_date = self.role_start_date.isoformat()

        skills = []
        for skills_item_data in self.skills:
            skills_item = skills_item_data.to_dict()
            skills.append(skills_item)

        status = self.status.value

        track = self.track.value

        work_email: None | str
        work_email = self.work_email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changed_at": changed_at,
                "department": department,
                "employee_id": employee_id,
                "erased": erased,
                "goals": goals,
                "grade": grade,
                "hire_date": hire_date,
                "left_on": left_on,
                "location": location,
                "manager_id": manager_id,
                "mentor_opt_in": mentor_opt_in,
                "name": name,
                "privacy": privacy,
                "role_id": role_id,
                "role_start_date": role_start_date,
                "skills": skills,
                "status": status,
                "track": track,
                "work_email": work_email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.goals_view import GoalsView
        from ..models.privacy_view import PrivacyView
        from ..models.skill_view import SkillView

        d = dict(src_dict)
        changed_at = isoparse(d.pop("changed_at"))

        department = d.pop("department")

        employee_id = d.pop("employee_id")

        erased = d.pop("erased")

        def _parse_goals(data: object) -> GoalsView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                goals_type_0 = GoalsView.from_dict(data)

                return goals_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GoalsView | None, data)

        goals = _parse_goals(d.pop("goals"))

        grade = d.pop("grade")

        hire_date = isoparse(d.pop("hire_date")).date()

        def _parse_left_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                left_on_type_0 = isoparse(data).date()

                return left_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        left_on = _parse_left_on(d.pop("left_on"))

        location = d.pop("location")

        def _parse_manager_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        manager_id = _parse_manager_id(d.pop("manager_id"))

        mentor_opt_in = d.pop("mentor_opt_in")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_privacy(data: object) -> None | PrivacyView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                privacy_type_0 = PrivacyView.from_dict(data)

                return privacy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PrivacyView, data)

        privacy = _parse_privacy(d.pop("privacy"))

        def _parse_role_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role_id = _parse_role_id(d.pop("role_id"))

        role_start_date = isoparse(d.pop("role_start_date")).date()

        skills = []
        _skills = d.pop("skills")
        for skills_item_data in _skills:
            skills_item = SkillView.from_dict(skills_item_data)

            skills.append(skills_item)

        status = EmployeeStatus(d.pop("status"))

        track = Track(d.pop("track"))

        def _parse_work_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        work_email = _parse_work_email(d.pop("work_email"))

        profile_view = cls(
            changed_at=changed_at,
            department=department,
            employee_id=employee_id,
            erased=erased,
            goals=goals,
            grade=grade,
            hire_date=hire_date,
            left_on=left_on,
            location=location,
            manager_id=manager_id,
            mentor_opt_in=mentor_opt_in,
            name=name,
            privacy=privacy,
            role_id=role_id,
            role_start_date=role_start_date,
            skills=skills,
            status=status,
            track=track,
            work_email=work_email,
        )

        profile_view.additional_properties = d
        return profile_view

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
