"""SCIM 2.0 (RFC 7643/7644) Users with the Enterprise User extension, to and from the profile.

The mapping is documented in services/profile/README.md. A SCIM user's ``id`` is the employee id
(the Enterprise extension's ``employeeNumber``, the HRIS id every other path keys on); what SCIM
has no attribute for (role, grade, track, location, dates) travels in Lattice's own extension.
PATCH (add, replace, remove) is applied to the user's current representation, and the result is
read like a PUT.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lattice_platform.contracts.base import EmployeeStatus, Track
from lattice_platform.db import Connection

from lattice_profile.domain.model import Employee, EmploymentRecord
from lattice_profile.service_layer.unit_of_work import EmployeeRepository

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LATTICE = "urn:lattice:params:scim:schemas:extension:employment:1.0:User"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MEDIA_TYPE = "application/scim+json"
MAX_RESULTS = 200  # users one filter answers with, at most
_FILTER = re.compile(r'^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
_EMAIL_PATH = re.compile(r'^emails(\[type eq "work"\])?(\.value)?$', re.IGNORECASE)
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schemas", "status", "detail"],
    "properties": {
        "schemas": {"type": "array", "items": {"const": ERROR}},
        "status": {"type": "string", "description": "The HTTP status, as a string."},
        "scimType": {"type": "string", "description": "RFC 7644 §3.12 error type."},
        "detail": {"type": "string"},
    },
}


class ScimError(Exception):
    """A refusal in SCIM's own error format (RFC 7644 §3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "schemas": [ERROR],
            "status": str(self.status),
            "detail": self.detail,
        }
        if self.scim_type is not None:
            body["scimType"] = self.scim_type
        return body


def invalid(detail: str, scim_type: str = "invalidValue") -> ScimError:
    return ScimError(400, detail, scim_type)


def parse_filter(expression: str) -> tuple[str, str]:
    """``userName eq "..."`` or ``externalId eq "..."``: the attribute (lower case) and value."""
    match = _FILTER.match(expression)
    if match is None:
        raise invalid(
            'only userName eq "..." and externalId eq "..." are supported', "invalidFilter"
        )
    return match.group(1).lower(), re.sub(r"\\(.)", r"\1", match.group(2))


async def by_user_name(
    conn: Connection, employees: EmployeeRepository, user_name: str
) -> list[Employee]:
    """The users whose userName (work email) is ``user_name``, compared without case."""
    rows = await conn.fetch(
        "SELECT employee_id FROM employees"
        " WHERE lower(work_email) = lower($1) AND erased_at IS NULL ORDER BY employee_id",
        user_name,
    )
    found = await employees.get_many([row["employee_id"] for row in rows])
    return [found[row["employee_id"]] for row in rows if row["employee_id"] in found]


# ---------------------------------------------------------------------- profile to SCIM


def resource(employee: Employee, base_url: str) -> dict[str, Any]:
    manager = {"value": employee.manager_id} if employee.manager_id else None
    user: dict[str, Any] = {
        "schemas": [CORE, ENTERPRISE, LATTICE],
        "id": employee.employee_id,
        "externalId": employee.employee_id,
        "userName": employee.work_email,
        "name": {"formatted": employee.name},
        "displayName": employee.name,
        "emails": [{"value": employee.work_email, "type": "work", "primary": True}],
        "active": employee.status is not EmployeeStatus.LEFT,
        ENTERPRISE: {
            "employeeNumber": employee.employee_id,
            "department": employee.department,
            **({"manager": manager} if manager else {}),
        },
        LATTICE: {
            "roleId": employee.role_id,
            "grade": employee.grade,
            "track": employee.track.value,
            "location": employee.location,
            "hireDate": employee.hire_date.isoformat(),
            "roleStartDate": employee.role_start_date.isoformat(),
            "onLeave": employee.status is EmployeeStatus.ON_LEAVE,
        },
        "meta": {
            "resourceType": "User",
            "lastModified": employee.changed_at.isoformat(),
            "location": f"{base_url}/{employee.employee_id}",
        },
    }
    return user


def list_response(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": [LIST],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


# ---------------------------------------------------------------------- SCIM to profile


def employment(
    user: Any, effective_at: datetime, employee_id: str | None = None
) -> EmploymentRecord:
    """The employment a full SCIM user states (POST, PUT, or a user after PATCH)."""
    if not isinstance(user, dict):
        raise invalid("the body must be a SCIM User object", "invalidSyntax")
    enterprise = _object(user.get(ENTERPRISE, {}), ENTERPRISE)
    lattice = _object(user.get(LATTICE), LATTICE)
    number = _text(enterprise.get("employeeNumber"), f"{ENTERPRISE}:employeeNumber")
    if employee_id is not None and number != employee_id:
        raise ScimError(400, "employeeNumber cannot change; it is the user's id", "mutability")
    external = user.get("externalId")
    if external is not None and external != number:
        raise invalid("externalId, when given, must equal employeeNumber (the HRIS id)")
    on_leave = _flag(lattice.get("onLeave", False), "onLeave")
    active = _flag(user.get("active", True), "active")
    status = EmployeeStatus.LEFT if not active else EmployeeStatus.ACTIVE
    if active and on_leave:
        status = EmployeeStatus.ON_LEAVE
    return EmploymentRecord(
        employee_id=number,
        name=_name(user),
        work_email=_email(user),
        role_id=_optional_text(lattice.get("roleId"), "roleId"),
        grade=_grade(lattice.get("grade")),
        track=_track(lattice.get("track")),
        department=_text(enterprise.get("department"), f"{ENTERPRISE}:department"),
        location=_text(lattice.get("location"), f"{LATTICE}:location"),
        manager_id=_manager(enterprise.get("manager")),
        hire_date=_date(lattice.get("hireDate"), "hireDate"),
        role_start_date=_date(lattice.get("roleStartDate"), "roleStartDate"),
        status=status,
        effective_at=effective_at,
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(f"{where} is required and must be an object")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{where} is required and must be a non-empty string")
    return value.strip()


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, f"{LATTICE}:{where}")


def _flag(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):  # Entra sends "False"
        return value.lower() == "true"
    raise invalid(f"{where} must be a boolean")


def _name(user: dict[str, Any]) -> str:
    name = user.get("name") if isinstance(user.get("name"), dict) else {}
    assert isinstance(name, dict)
    formatted = name.get("formatted")
    if isinstance(formatted, str) and formatted.strip():
        return formatted.strip()
    parts = [name.get("givenName"), name.get("familyName")]
    joined = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return joined or _text(user.get("displayName"), "name.formatted or displayName")


def _email(user: dict[str, Any]) -> str:
    emails = user.get("emails")
    if isinstance(emails, list):
        valid = [e for e in emails if isinstance(e, dict) and isinstance(e.get("value"), str)]
        chosen = [e for e in valid if e.get("primary") is True] or [
            e for e in valid if e.get("type") == "work"
        ]
        if chosen:
            return _text(chosen[0]["value"], "emails.value")
    return _text(user.get("userName"), "userName (the work email) or a primary email")


def _grade(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 30:
        raise invalid(f"{LATTICE}:grade is required and must be an integer from 0 to 30")
    return value


def _track(value: Any) -> Track:
    try:
        return Track(value)
    except ValueError:
        tracks = ", ".join(t.value for t in Track)
        raise invalid(f"{LATTICE}:track must be one of: {tracks}") from None


def _manager(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _optional_text(value.get("value") or None, "manager.value")
    raise invalid(f"{ENTERPRISE}:manager must be an object with a value")


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, f"{LATTICE}:{where}")[:10])
    except ValueError:
        raise invalid(f"{LATTICE}:{where} must be a date (YYYY-MM-DD)") from None


# ---------------------------------------------------------------------- PATCH


def patched(user: dict[str, Any], body: Any) -> dict[str, Any]:
    """The user after a PatchOp's operations (RFC 7644 §3.5.2): ``add`` and ``replace`` set,
    ``remove`` unassigns; what the result lacks is refused when it is read like a PUT."""
    if not isinstance(body, dict) or PATCH_OP not in body.get("schemas", []):
        raise invalid(f"a PATCH body is a {PATCH_OP} message", "invalidSyntax")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise invalid("Operations must be a non-empty list", "invalidSyntax")
    for operation in operations:
        if not isinstance(operation, dict):
            raise invalid("each operation must be an object", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        path, value = operation.get("path"), operation.get("value")
        if op == "remove":
            _remove(user, path)
        elif op not in ("add", "replace"):
            raise invalid(f"unsupported op {operation.get('op')!r}: add, replace or remove")
        elif path is None:
            if not isinstance(value, dict):
                raise invalid("an operation without a path takes an object value")
            for attribute, inner in value.items():
                _set(user, attribute, inner)
        elif isinstance(path, str):
            _set(user, path, value)
        else:
            raise invalid("path must be a string", "invalidPath")
    return user


def _remove(user: dict[str, Any], path: Any) -> None:
    """RFC 7644 §3.5.2.2: a remove names its target; the attribute is then unassigned."""
    if not isinstance(path, str) or not path:
        raise invalid("a remove operation needs a path", "noTarget")
    for urn in (ENTERPRISE, LATTICE):
        if path == urn:
            user.pop(urn, None)
            return
        if path.startswith(urn + ":"):
            _remove_in(user.get(urn, {}), path[len(urn) + 1 :])
            return
    if path.startswith(CORE + ":"):
        path = path[len(CORE) + 1 :]
    if path.lower() == "username" or _EMAIL_PATH.match(path):  # one address, both attributes
        user.pop("userName", None)
        user.pop("emails", None)
        return
    _remove_in(user, path)


def _remove_in(target: dict[str, Any], path: str) -> None:
    head, _, rest = path.partition(".")
    if "[" in head:
        raise invalid(f"unsupported path {path!r}", "invalidPath")
    key = next((k for k in target if k.lower() == head.lower()), None)
    if key is None:
        return
    if not rest:
        del target[key]
    elif isinstance(target[key], dict):
        _remove_in(target[key], rest)


def _set(user: dict[str, Any], path: str, value: Any) -> None:
    for urn in (ENTERPRISE, LATTICE):
        if path == urn:
            user[urn] = {**user.get(urn, {}), **_object(value, urn)}
            return
        if path.startswith(urn + ":"):
            _set_in(user.setdefault(urn, {}), path[len(urn) + 1 :], value)
            return
    if path.startswith(CORE + ":"):
        path = path[len(CORE) + 1 :]
    if path.lower() == "username":  # the work email: the two stay one address
        user["userName"] = value
        user["emails"] = [{"value": value, "type": "work", "primary": True}]
        return
    if _EMAIL_PATH.match(path):
        user["emails"] = (
            value
            if isinstance(value, list)
            else [{"value": value, "type": "work", "primary": True}]
        )
        return
    _set_in(user, path, value)
    if _sets_a_name_part(path, value) and isinstance(user.get("name"), dict):
        user["name"].pop("formatted", None)  # kept as one string: rebuilt from the parts sent


def _sets_a_name_part(path: str, value: Any) -> bool:
    if path.lower() in ("name.givenname", "name.familyname"):
        return True
    parts = {key.lower() for key in value} if isinstance(value, dict) else set()
    return path.lower() == "name" and "formatted" not in parts


def _set_in(target: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    key = next((k for k in target if k.lower() == head.lower()), head)
    if "[" in head:
        raise invalid(f"unsupported path {path!r}", "invalidPath")
    if rest:
        inner = target.get(key)
        if not isinstance(inner, dict):
            inner = target[key] = {}
        _set_in(inner, rest, value)
    elif isinstance(value, dict) and isinstance(target.get(key), dict):
        target[key] = {**target[key], **value}
    else:
        target[key] = value
