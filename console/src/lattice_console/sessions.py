"""Server-side sessions: the browser holds only an opaque id in an HttpOnly, SameSite=strict
cookie; the person's token stays on the server and is never given to page scripts."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from lattice_platform.auth import Principal, Role

COOKIE = "lattice_console"


@dataclass(frozen=True)
class Session:
    token: str
    principal: Principal
    name: str
    expires_at: float

    @property
    def employee_id(self) -> str | None:
        return self.principal.employee_id

    def has(self, *roles: Role) -> bool:
        return self.principal.has(*roles)


@dataclass
class SessionStore:
    """In this process's memory: a restart signs everyone out, and replicas need sticky sessions
    (the manifest runs one replica)."""

    ttl_s: float
    _sessions: dict[str, Session] = field(default_factory=dict)

    def open(self, token: str, principal: Principal, name: str, token_expires_at: float) -> str:
        self._forget_expired()
        session_id = secrets.token_urlsafe(32)
        expires_at = min(time.time() + self.ttl_s, token_expires_at)
        self._sessions[session_id] = Session(token, principal, name, expires_at)
        return session_id

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
