"""SCIM 2.0 discovery (RFC 7643 §5-7, RFC 7644 §4): what this service provider supports, its one
resource type (User) and the schemas of the attributes it reads, so a provisioning client can
configure itself. The attributes listed are the ones the mapping in ``scim.py`` reads or answers
(services/profile/README.md); nothing else is kept.
"""

from __future__ import annotations

from typing import Any

from lattice_platform.contracts.base import Track

from lattice_profile.adapters.scim import CORE, ENTERPRISE, LATTICE, MAX_RESULTS, list_response

SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def _attribute(
    name: str,
    description: str,
    kind: str = "string",
    *,
    required: bool = False,
    multi: bool = False,
    mutability: str = "readWrite",
    returned: str = "default",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
    values: list[str] | None = None,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": kind,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    if values is not None:
        attribute["canonicalValues"] = values
    return attribute


_USER = [
    _attribute(
        "id",
        "The employee id (the enterprise employeeNumber).",
        mutability="readOnly",
        returned="always",
        uniqueness="server",
    ),
    _attribute("externalId", "Optional; when given, equal to employeeNumber."),
    _attribute("userName", "The work email.", required=True),
    _attribute(
        "name",
        "The name, kept as one string.",
        "complex",
        sub=[
            _attribute("formatted", "The full name; read first."),
            _attribute("givenName", "Read with familyName when there is no formatted name."),
            _attribute("familyName", "Read with givenName when there is no formatted name."),
        ],
    ),
    _attribute("displayName", "The name when name gives none."),
    _attribute(
        "emails",
        "The primary, else the work, address is the work email.",
        "complex",
        multi=True,
        sub=[
            _attribute("value", "The address."),
            _attribute("type", "work is read.", values=["work"]),
            _attribute("primary", "The primary address is read first.", "boolean"),
        ],
    ),
    _attribute("active", "false: the employee has left (a termination).", "boolean"),
]
_ENTERPRISE = [
    _attribute(
        "employeeNumber",
        "The HRIS id: the user's id, every path's key; it cannot change.",
        required=True,
        mutability="immutable",
        uniqueness="server",
    ),
    _attribute("department", "The department.", required=True),
    _attribute("organization", "Accepted, not stored (one organisation per deployment)."),
    _attribute(
        "manager",
        "The manager.",
        "complex",
        sub=[_attribute("value", "The manager's employee id.")],
    ),
]
_LATTICE = [
    _attribute("roleId", "An openings role id."),
    _attribute("grade", "The grade, 0 to 30.", "integer", required=True),
    _attribute(
        "track", "The career track.", required=True, values=[track.value for track in Track]
    ),
    _attribute("location", "The work location.", required=True),
    _attribute("hireDate", "YYYY-MM-DD.", required=True),
    _attribute("roleStartDate", "YYYY-MM-DD: when the current role started.", required=True),
    _attribute("onLeave", "An active employee on leave; default false.", "boolean"),
]
_SCHEMAS = {
    CORE: ("User", "An employee, as an identity provider or HRIS provisions them.", _USER),
    ENTERPRISE: ("EnterpriseUser", "The Enterprise User extension (RFC 7643 §4.3).", _ENTERPRISE),
    LATTICE: ("LatticeEmployment", "What SCIM has no attribute for: role and dates.", _LATTICE),
}


def service_provider_config(base: str) -> dict[str, Any]:
    """RFC 7643 §5, for ``base`` (the ``/scim/v2`` URL the client called)."""
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A static token whose SHA-256 the service is configured with.",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base}/ServiceProviderConfig",
        },
    }


def resource_types(base: str) -> dict[str, Any]:
    return list_response([user_resource_type(base)])


def user_resource_type(base: str) -> dict[str, Any]:
    """RFC 7643 §6: User, with both extensions required (they carry required attributes)."""
    return {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "An employee.",
        "schema": CORE,
        "schemaExtensions": [
            {"schema": ENTERPRISE, "required": True},
            {"schema": LATTICE, "required": True},
        ],
        "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
    }


def schemas(base: str) -> dict[str, Any]:
    return list_response([_schema(urn, base) for urn in _SCHEMAS])


def schema_of(urn: str, base: str) -> dict[str, Any] | None:
    """RFC 7643 §7: the schema ``urn``, or None for one this service does not read."""
    return _schema(urn, base) if urn in _SCHEMAS else None


def _schema(urn: str, base: str) -> dict[str, Any]:
    name, description, attributes = _SCHEMAS[urn]
    return {
        "schemas": [SCHEMA],
        "id": urn,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{urn}"},
    }
