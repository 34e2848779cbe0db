from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
    from ..models.candidate_out_explanation_type_0 import CandidateOutExplanationType0
    from ..models.release_state import ReleaseState


T = TypeVar("T", bound="CandidateOut")


@_attrs_define
class CandidateOut:
    """
    Attributes:
        decline_reason (None | str):
        employee_id (str):
        explanation (CandidateOutExplanationType0 | None):
        note (None | str):
        release (None | ReleaseState):
        status (str): 'surfaced' (has not acted), or the application's stage.
        release_waived (None | str | Unset): Why an offer asked no release although the policy wanted one (the current
            manager is the hiring manager making it); the candidate may accept at once.
    """

    decline_reason: None | str
    employee_id: str
    explanation: CandidateOutExplanationType0 | None
    note: None | str
    release: None | ReleaseState
    status: str
    release_waived: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.candidate_out_explanation_type_0 import (
            CandidateOutExplanationType0,
        )
        from ..models.release_state import ReleaseState

        decline_reason: None | str
        decline_reason = self.decline_reason

        employee_id = self.employee_id

        explanation: dict[str, Any] | None
        if isinstance(self.explanation, CandidateOutExplanationType0):
            explanation = self.explanation.to_dict()
        else:
            explanation = self.explanation

        note: None | str
        note = self.note

        release: dict[str, Any] | None
        if isinstance(self.release, ReleaseState):
            release = self.release.to_dict()
        else:
            release = self.release

        status = self.status

        release_waived: None | str | Unset
        if isinstance(self.release_waived, Unset):
            release_waived = UNSET
        else:
            release_waived = self.release_waived

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decline_reason": decline_reason,
                "employee_id": employee_id,
                "explanation": explanation,
                "note": note,
                "release": release,
                "status": status,
            }
        )
        if release_waived is not UNSET:
            field_dict["release_waived"] = release_waived

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.candidate_out_explanation_type_0 import (
            CandidateOutExplanationType0,
        )
        from ..models.release_state import ReleaseState

        d = dict(src_dict)

        def _parse_decline_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decline_reason = _parse_decline_reason(d.pop("decline_reason"))

        employee_id = d.pop("employee_id")

        def _parse_explanation(data: object) -> CandidateOutExplanationType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                explanation_type_0 = CandidateOutExplanationType0.from_dict(data)

                return explanation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CandidateOutExplanationType0 | None, data)

        explanation = _parse_explanation(d.pop("explanation"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        def _parse_release(data: object) -> None | ReleaseState:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                release_type_0 = ReleaseState.from_dict(data)

                return release_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReleaseState, data)

        release = _parse_release(d.pop("release"))

        status = d.pop("status")

        def _parse_release_waived(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        release_waived = _parse_release_waived(d.pop("release_waived", UNSET))

        candidate_out = cls(
            decline_reason=decline_reason,
            employee_id=employee_id,
            explanation=explanation,
            note=note,
            release=release,
            status=status,
            release_waived=release_waived,
        )

        candidate_out.additional_properties = d
        return candidate_out

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
