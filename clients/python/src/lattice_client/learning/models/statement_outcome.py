from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.statement_outcome_outcome import StatementOutcomeOutcome
from ..types import UNSET, Unset
from typing import cast


T = TypeVar("T", bound="StatementOutcome")


@_attrs_define
class StatementOutcome:
    """What became of one xAPI statement, in the order sent.

    Attributes:
        outcome (StatementOutcomeOutcome): recorded: a completion (a replay is recorded again, with no second effect);
            ignored: a verb other than completed or passed; refused: see detail.
        statement_id (None | str): The statement's id, when it has one.
        detail (None | str | Unset): Why a statement was refused or ignored.
    """

    outcome: StatementOutcomeOutcome
    statement_id: None | str
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        statement_id: None | str
        statement_id = self.statement_id

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "statement_id": statement_id,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = StatementOutcomeOutcome(d.pop("outcome"))

        def _parse_statement_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        statement_id = _parse_statement_id(d.pop("statement_id"))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        statement_outcome = cls(
            outcome=outcome,
            statement_id=statement_id,
            detail=detail,
        )

        statement_outcome.additional_properties = d
        return statement_outcome

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
