"""Server-side sessions: the browser holds only an opaque id in an HttpOnly, SameSite=strict
cookie; the person's token (and the provider's refresh token, when it gives one) stays on the
server and is never given to page scripts."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace

from lattice_platform.auth import Principal, Role

COOKIE = "lattice_console"
REFRESH_AHEAD_S = 60
"""A token this close to its expiry is refreshed before the next call to a service."""


@dataclass(frozen=True)
class Session:
    token: str
    principal: Principal
    name: str
    expires_at: float
    token_expires_at: float
    refresh_token: str | None = None

    @property
    def employee_id(self) -> str | None:
        return self.principal.employee_id

    def has(self, *roles: Role) -> bool:
        return self.principal.has(*roles)

    def needs_refresh(self) -> bool:
        """The token is about to expire and the provider gave a way to get another."""
        return (
            self.refresh_token is not None
            and self.token_expires_at - REFRESH_AHEAD_S <= time.time()
        )


@dataclass
class SessionStore:
    """In this process's memory: a restart signs everyone out, and replicas need sticky sessions
    (the manifest runs one replica)."""

    ttl_s: float
    _sessions: dict[str, Session] = field(default_factory=dict)

    def open(
        self,
        token: str,
        principal: Principal,
        name: str,
        token_expires_at: float,
        refresh_token: str | None = None,
    ) -> str:
        """Without a refresh token the session ends with its token; with one, after ``ttl_s``."""
        self._forget_expired()
        session_id = secrets.token_urlsafe(32)
        expires_at = time.time() + self.ttl_s
        if refresh_token is None:
            expires_at = min(expires_at, token_expires_at)
        self._sessions[session_id] = Session(
            token, principal, name, expires_at, token_expires_at, refresh_token
        )
        return session_id

    def renew(
        self,
        session_id: str,
        token: str,
        principal: Principal,
        token_expires_at: float,
        refresh_token: str | None,
    ) -> Session | None:
        """The session with a refreshed token; it still ends when it would have."""
        session = self.get(session_id)
        if session is None:
            return None
        renewed = replace(
            session,
            token=token,
            principal=principal,
            token_expires_at=token_expires_at,
            refresh_token=refresh_token or session.refresh_token,
        )
        self._sessions[session_id] = renewed
        return renewed

    def get(self, session_id: str | None) -> Session | None:
        session = self._sessions.get(session_id or "")
        if session is None or session.expires_at <= time.time():
            return None
        return session

    def close(self, session_id: str | None) -> None:
        self._sessions.pop(session_id or "", None)

    def _forget_expired(self) -> None:
        now = time.time()
        for session_id in [s for s, v in self._sessions.items() if v.expires_at <= now]:
            del self._sessions[session_id]
