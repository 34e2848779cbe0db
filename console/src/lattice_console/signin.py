"""How a person signs in: OpenID Connect (authorization code with PKCE) in production, a persona
picker that mints dev tokens in the dev stack only."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from lattice_platform.auth import Role, SigningKey

from lattice_console.settings import ConsoleSettings

PENDING_TTL_S = 600


@dataclass(frozen=True)
class Persona:
    employee_id: str
    name: str
    roles: tuple[Role, ...]


def personas(spec: str) -> list[Persona]:
    """'E0004=Ben Costa=employee;E0001=Ana Ruiz=employee+manager' → personas."""
    found = []
    for entry in filter(None, (e.strip() for e in spec.split(";"))):
        employee_id, name, roles = entry.split("=")
        found.append(Persona(employee_id, name, tuple(Role(r) for r in roles.split("+"))))
    return found


class DevTokens:
    """Mints tokens with the dev stack's key. Refused outside the dev stack: a console that could
    mint tokens would hold every privilege, which the console must never have."""

    def __init__(self, settings: ConsoleSettings) -> None:
        if settings.dev_signing_key is None:
            raise ValueError("no dev signing key")
        if not settings.dev_stack:
            raise ValueError(
                "CONSOLE_DEV_SIGNING_KEY is set outside the dev stack (LATTICE_DEV_STACK is not "
                "true): the persona picker is for the dev stack only; use OIDC_* instead"
            )
        private_pem = settings.dev_signing_key.get_secret_value()
        self._key = SigningKey(private_pem, _public_pem(private_pem))
        self._issuer, self._audience = settings.jwt_issuer, settings.jwt_audience
        self.personas = personas(settings.dev_personas)

    def mint(self, employee_id: str, roles: list[Role], ttl_s: int) -> str:
        return self._key.mint(
            employee_id,
            roles,
            employee_id=employee_id,
            issuer=self._issuer,
            audience=self._audience,
            ttl_s=ttl_s,
        )


def _public_pem(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


class SignInError(Exception):
    pass


@dataclass(frozen=True)
class Tokens:
    """What the provider's token endpoint gave: the access token the services accept and, if the
    provider issues one, the refresh token that gets the next."""

    access_token: str
    refresh_token: str | None


@dataclass(frozen=True)
class _Pending:
    verifier: str
    nonce: str
    started_at: float


@dataclass
class OpenIdConnect:
    """The authorization code flow with PKCE (RFC 7636, S256) against the configured provider.
    The console is a confidential client when OIDC_CLIENT_SECRET is set, a public one otherwise."""

    issuer: str
    client_id: str
    redirect_url: str
    scopes: str
    client_secret: str | None = None
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _metadata: dict[str, Any] | None = None

    @classmethod
    def configured(cls, settings: ConsoleSettings) -> OpenIdConnect | None:
        if not (settings.oidc_issuer and settings.oidc_client_id and settings.oidc_redirect_url):
            return None
        secret = settings.oidc_client_secret
        return cls(
            settings.oidc_issuer.rstrip("/"),
            settings.oidc_client_id,
            settings.oidc_redirect_url,
            settings.oidc_scopes,
            secret.get_secret_value() if secret else None,
        )

    async def authorization_url(self, client: httpx.AsyncClient) -> str:
        metadata = await self._discover(client)
        now = time.time()
        for state in [s for s, p in self._pending.items() if now - p.started_at > PENDING_TTL_S]:
            del self._pending[state]
        state, verifier, nonce = (secrets.token_urlsafe(32) for _ in range(3))
        self._pending[state] = _Pending(verifier, nonce, now)
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_url,
            "scope": self.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge_of(verifier),
            "code_challenge_method": "S256",
        }
        return f"{metadata['authorization_endpoint']}?{urlencode(query)}"

    async def redeem(self, client: httpx.AsyncClient, code: str, state: str) -> Tokens:
        """The tokens for an authorization code; the state must be one this console sent."""
        pending = self._pending.pop(state, None)
        if pending is None or time.time() - pending.started_at > PENDING_TTL_S:
            raise SignInError("unknown or expired sign-in attempt; start again")
        metadata = await self._discover(client)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_url,
            "client_id": self.client_id,
            "code_verifier": pending.verifier,
        }
        tokens = await self._token_endpoint(client, metadata, form, "the code")
        id_token = tokens.get("id_token")
        if id_token and _unverified_nonce(id_token) != pending.nonce:
            raise SignInError("the identity token answers another sign-in attempt")
        return _tokens(tokens)

    async def refresh(self, client: httpx.AsyncClient, refresh_token: str) -> Tokens:
        """A new access token for a refresh token (RFC 6749 section 6); the provider may rotate
        the refresh token, and when it sends none the caller keeps the one it has."""
        metadata = await self._discover(client)
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": self.client_id,
        }
        return _tokens(await self._token_endpoint(client, metadata, form, "the refresh token"))

    async def _token_endpoint(
        self, client: httpx.AsyncClient, metadata: dict[str, Any], form: dict[str, str], what: str
    ) -> dict[str, Any]:
        if self.client_secret:
            form = {**form, "client_secret": self.client_secret}
        try:
            response = await client.post(metadata["token_endpoint"], data=form)
        except httpx.HTTPError as exc:
            raise SignInError("the identity provider did not answer") from exc
        if response.status_code != httpx.codes.OK:
            raise SignInError(f"the identity provider refused {what} ({response.status_code})")
        tokens: dict[str, Any] = response.json()
        return tokens

    async def _discover(self, client: httpx.AsyncClient) -> dict[str, Any]:
        if self._metadata is None:
            response = await client.get(f"{self.issuer}/.well-known/openid-configuration")
            response.raise_for_status()
            self._metadata = response.json()
        return self._metadata


def _tokens(answer: dict[str, Any]) -> Tokens:
    access_token = answer.get("access_token")
    if not isinstance(access_token, str):
        raise SignInError("the identity provider sent no access token")
    refresh_token = answer.get("refresh_token")
    return Tokens(access_token, refresh_token if isinstance(refresh_token, str) else None)


def challenge_of(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _unverified_nonce(id_token: str) -> object:
    # The id token came straight from the token endpoint over TLS (OIDC Core 3.1.3.7): its
    # signature needs no check here; the access token, which the services accept, is verified.
    return jwt.decode(id_token, options={"verify_signature": False}).get("nonce")
