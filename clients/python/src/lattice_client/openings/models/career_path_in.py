from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.path_kind import PathKind


T = TypeVar("T", bound="CareerPathIn")


@_attrs_define
class CareerPathIn:
    """
    Attributes:
        kind (PathKind): An edge of the career lattice.
        to_role_id (str): The role the path leads to.
    """

    kind: PathKind
    to_role_id: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        to_role_id = self.to_role_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "to_role_id": to_role_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = PathKind(d.pop("kind"))

        to_role_id = d.pop("to_role_id")

        career_path_in = cls(
            kind=kind,
            to_role_id=to_role_id,
        )

        return career_path_in
