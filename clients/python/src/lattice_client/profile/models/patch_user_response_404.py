from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast


T = TypeVar("T", bound="PatchUserResponse404")


@_attrs_define
class PatchUserResponse404:
    """
    Attributes:
        detail (str):
        schemas (list[Literal['urn:ietf:params:scim:api:messages:2.0:Error']]):
        status (str): The HTTP status, as a string.
        scim_type (str | Unset): RFC 7644 §3.12 error type.
    """

    detail: str
    schemas: list[Literal["urn:ietf:params:scim:api:messages:2.0:Error"]]
    status: str
    scim_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        schemas = self.schemas

        status = self.status

        scim_type = self.scim_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "schemas": schemas,
                "status": status,
            }
        )
        if scim_type is not UNSET:
            field_dict["scimType"] = scim_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        schemas = []
        _schemas = d.pop("schemas")
        for schemas_item_data in _schemas:
            schemas_item = cast(
                Literal["urn:ietf:params:scim:api:messages:2.0:Error"],
                schemas_item_data,
            )
            if schemas_item != "urn:ietf:params:scim:api:messages:2.0:Error":
                raise ValueError(
                    f"schemas_item must match const 'urn:ietf:params:scim:api:messages:2.0:Error', got '{schemas_item}'"
                )
            schemas.append(schemas_item)

        status = d.pop("status")

        scim_type = d.pop("scimType", UNSET)

        patch_user_response_404 = cls(
            detail=detail,
            schemas=schemas,
            status=status,
            scim_type=scim_type,
        )

        patch_user_response_404.additional_properties = d
        return patch_user_response_404

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
