"""Authentication of HTTP calls: bearer JWTs verified against configured keys.

In production the keys come from the identity provider's JWKS URL; the dev stack and the tests
sign with a local key pair. Claims: ``sub``, ``employee_id`` (absent for service accounts) and
``roles`` (employee, manager, hr, service).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lattice_platform.settings import ServiceSettings

ALGORITHMS = ["ES256", "RS256"]
MAX_CLAIM_LENGTH = 128


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"
    SERVICE = "service"


@dataclass(frozen=True)
class Principal:
    subject: str
    employee_id: str | None
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_privileged(self) -> bool:
        """HR and service accounts may read and act on anyone."""
        return self.has(Role.HR, Role.SERVICE)


class TokenVerifier:
    def __init__(self, settings: ServiceSettings) -> None:
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._key = settings.jwt_public_key.get_secret_value() if settings.jwt_public_key else None
        if self._jwks is None and self._key is None:
            raise ValueError(
                "set JWT_JWKS_URL (production) or JWT_PUBLIC_KEY (local) to verify tokens"
            )

    def verify(self, token: str) -> Principal:
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._key
            claims = jwt.decode(
                token,
                key=key,  # type: ignore[arg-type]
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
            subject, employee_id, roles = _typed_claims(claims)
        except (jwt.PyJWTError, ValueError) as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail=f"invalid token: {exc}",
                headers={"WWW-Authenticate": "Bearer"},
            ) from exc
        if not roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="token carries no Lattice role")
        return Principal(subject=subject, employee_id=employee_id, roles=roles)


def _typed_claims(claims: dict[str, Any]) -> tuple[str, str | None, frozenset[Role]]:
    """``sub``, ``employee_id`` and ``roles``, each of the type it must have, or ValueError."""
    subject, employee_id, roles = claims["sub"], claims.get("employee_id"), claims.get("roles", [])
    if not _is_id(subject):
        raise ValueError(f"claim sub must be a string of 1-{MAX_CLAIM_LENGTH} characters")
    if employee_id is not None and not _is_id(employee_id):
        raise ValueError(f"claim employee_id must be a string of 1-{MAX_CLAIM_LENGTH} characters")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ValueError("claim roles must be a list of strings")
    return subject, employee_id, frozenset(Role(r) for r in roles)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_CLAIM_LENGTH and "\x00" not in value


_bearer = HTTPBearer(
    auto_error=False, description="A JWT from the organisation's identity provider."
)


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier.verify(credentials.credentials)


Authenticated = Annotated[Principal, Depends(current_principal)]


def own_employee_id(principal: Principal) -> str:
    """The employee a token speaks for. A token that names none (a service account) is refused
    with 403 on every route about "me", in every service."""
    if principal.employee_id is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="this token names no employee")
    return principal.employee_id


def require(*roles: Role) -> Any:
    """A dependency that admits only principals holding one of ``roles``."""

    def check(principal: Authenticated) -> Principal:
        if not principal.has(*roles):
            wanted = ", ".join(r.value for r in roles)
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"requires one of: {wanted}")
        return principal

    return Depends(check)


@dataclass(frozen=True)
class SigningKey:
    """A local ES256 key pair, for the dev stack and tests."""

    private_pem: str
    public_pem: str

    @classmethod
    def generate(cls) -> SigningKey:
        key = ec.generate_private_key(ec.SECP256R1())
        private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        public_pem = (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
        return cls(private_pem, public_pem)

    def mint(
        self,
        subject: str,
        roles: list[Role] | tuple[Role, ...],
        *,
        employee_id: str | None = None,
        issuer: str = "lattice",
        audience: str = "lattice",
        ttl_s: int = 3600,
    ) -> str:
        now = int(time.time())
        claims: dict[str, object] = {
            "sub": subject,
            "roles": [r.value for r in roles],
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "exp": now + ttl_s,
        }
        if employee_id is not None:
            claims["employee_id"] = employee_id
        return jwt.encode(claims, self.private_pem, algorithm="ES256")
