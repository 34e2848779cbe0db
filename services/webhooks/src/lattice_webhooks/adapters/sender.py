"""Signed delivery over HTTP, by the Standard Webhooks scheme (the ``standardwebhooks`` library):
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of
id.timestamp.body>``, keyed by the subscription's ``whsec_`` secret; during a rotation, one
signature per secret, separated by a space, as the scheme provides)."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime
from math import floor

import httpx
from standardwebhooks.webhooks import Webhook

from lattice_webhooks.domain.subscriptions import DueDelivery

SECRET_BYTES = 32
USER_AGENT = "lattice-webhooks/1"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(due: DueDelivery, now: datetime) -> dict[str, str]:
    return {
        "webhook-id": due.delivery_id,
        "webhook-timestamp": str(floor(now.timestamp())),
        "webhook-signature": " ".join(
            Webhook(secret).sign(due.delivery_id, now, due.body) for secret in due.secrets
        ),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


class HttpSender:
    """Posts each delivery once; redirects are not followed (a subscriber gives its final
    address), and only a 2xx answer counts as delivered."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def send(self, due: DueDelivery) -> str | None:
        try:
            response = await self._client.post(
                due.url, content=due.body, headers=signed_headers(due, datetime.now(UTC))
            )
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"
        if response.is_success:
            return None
        return f"HTTP {response.status_code}: {response.text[:200]}"
