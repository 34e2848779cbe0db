"""HMAC-SHA256 signatures of HRIS webhook pushes: ``sha256=hex(hmac(secret, f"{ts}.{body}"))``."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


class SignatureError(Exception):
    """Why a push is not trusted. The message is safe to return to the caller."""


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify(
    secret: bytes,
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float,
    tolerance_s: int,
) -> None:
    if not timestamp or not signature:
        raise SignatureError("missing X-Lattice-Timestamp or X-Lattice-Signature")
    expected = sign(secret, timestamp, body).encode()
    if not hmac.compare_digest(expected, signature.encode("utf-8", "surrogateescape")):
        raise SignatureError("signature does not match")
    try:
        signed_at = int(timestamp)
    except ValueError as exc:
        raise SignatureError("X-Lattice-Timestamp is not unix seconds") from exc
    if abs(now - signed_at) > tolerance_s:
        raise SignatureError(f"timestamp outside the {tolerance_s} s replay window")
