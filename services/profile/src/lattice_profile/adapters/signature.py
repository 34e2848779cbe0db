"""HMAC-SHA256 signatures of HRIS webhook pushes: ``sha256=hex(hmac(secret, f"{ts}.{body}"))``.

During a rotation two secrets are valid, the new one and the one it replaces; a push signed with
either is trusted."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

PREFIX = "sha256="


class SignatureError(Exception):
    """Why a push is not trusted. The message is safe to return to the caller."""


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify(
    secrets: Sequence[bytes],
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float,
    tolerance_s: int,
) -> None:
    if not timestamp or not signature:
        raise SignatureError("missing X-Lattice-Timestamp or X-Lattice-Signature")
    given = signature.encode("utf-8", "surrogateescape")
    matches = [hmac.compare_digest(sign(s, timestamp, body).encode(), given) for s in secrets]
    if not any(matches):  # every secret is compared: the time taken says nothing of which
        raise SignatureError("signature does not match")
    try:
        signed_at = int(timestamp)
    except ValueError as exc:
        raise SignatureError("X-Lattice-Timestamp is not unix seconds") from exc
    if abs(now - signed_at) > tolerance_s:
        raise SignatureError(f"timestamp outside the {tolerance_s} s replay window")
