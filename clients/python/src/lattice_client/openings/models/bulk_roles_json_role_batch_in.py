from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.bulk_roles_json_role_batch_in_role_in import (
        BulkRolesJsonRoleBatchInRoleIn,
    )


T = TypeVar("T", bound="BulkRolesJsonRoleBatchIn")


@_attrs_define
class BulkRolesJsonRoleBatchIn:
    """
    Attributes:
        roles (list[BulkRolesJsonRoleBatchInRoleIn]):
    """

    roles: list[BulkRolesJsonRoleBatchInRoleIn]

    def to_dict(self) -> dict[str, Any]:
        from ..models.bulk_roles_json_role_batch_in_role_in import (
            BulkRolesJsonRoleBatchInRoleIn,
        )

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.to_dict()
            roles.append(roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "roles": roles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_roles_json_role_batch_in_role_in import (
            BulkRolesJsonRoleBatchInRoleIn,
        )

        d = dict(src_dict)
        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = BulkRolesJsonRoleBatchInRoleIn.from_dict(roles_item_data)

            roles.append(roles_item)

        bulk_roles_json_role_batch_in = cls(
            roles=roles,
        )

        return bulk_roles_json_role_batch_in
