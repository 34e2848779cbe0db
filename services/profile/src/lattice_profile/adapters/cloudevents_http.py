"""The HRIS webhook's CloudEvents HTTP binding (CloudEvents 1.0, JSON).

Binary mode: the attributes as ``ce-*`` headers (``ce-specversion``, ``ce-id``, ``ce-source``,
``ce-type``; ``ce-time`` and ``ce-dataschema`` optional), the payload as the JSON body. Structured
mode: ``Content-Type: application/cloudevents+json``, the whole event as the body. A request
with neither (no ``ce-*`` header) is not a CloudEvent, and the webhook reads it as Lattice's own
``{"type": ..., "data": ...}``. The reference SDK parses both modes; the payload is then read as
on Kafka (its version from ``dataschema``, upcast to the current contract).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping

from cloudevents.core.base import BaseCloudEvent
from cloudevents.core.bindings import http
from cloudevents.core.exceptions import BaseCloudEventException
from cloudevents.core.formats.json import JSONFormat
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import (
    CONTENT_TYPE,
    SPEC_VERSION,
    MalformedEventError,
    payload_of,
    schema_version_of,
)

STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
REQUIRED = ("specversion", "id", "source", "type")


def is_structured(headers: Mapping[str, str]) -> bool:
    return _media_type(headers.get("content-type", "")) == STRUCTURED_CONTENT_TYPE


def is_binary(headers: Mapping[str, str]) -> bool:
    return any(name.startswith("ce-") for name in headers)


def pushed_cloudevent(
    headers: Mapping[str, str], body: bytes, pushable: Mapping[str, type[Event]]
) -> Event | None:
    """The event of a CloudEvents request, None when the request is not one; a request that
    claims to be one but is not valid raises :class:`MalformedEventError` with the reason."""
    message = http.HTTPMessage(headers={k.lower(): v for k, v in headers.items()}, body=body)
    if is_structured(message.headers):
        _require(_structured_attributes(body), "")
        cloudevent = _parsed(lambda: http.from_structured(message, JSONFormat()))
        payload = _structured_data(cloudevent)
    elif is_binary(message.headers):
        _require(message.headers, "ce-")
        cloudevent = _parsed(lambda: http.from_binary(message, JSONFormat()))
        payload = body
    else:
        return None
    if cloudevent.get_specversion() != SPEC_VERSION:
        raise MalformedEventError(
            f"unsupported CloudEvents specversion {cloudevent.get_specversion()!r}"
        )
    model = pushable.get(cloudevent.get_type())
    if model is None:
        raise MalformedEventError(f"type must be one of: {', '.join(pushable)}")
    content_type = cloudevent.get_datacontenttype() or CONTENT_TYPE
    if _media_type(content_type) != CONTENT_TYPE:
        raise MalformedEventError(
            f"unsupported datacontenttype {content_type!r}; expected {CONTENT_TYPE}"
        )
    schemaversion = cloudevent.get_extension("schemaversion")
    version = schema_version_of(
        model,
        dataschema=cloudevent.get_dataschema(),
        schemaversion=None if schemaversion is None else str(schemaversion),
    )
    return payload_of(model, payload, version)


def _require(attributes: Collection[str], prefix: str) -> None:
    """The SDK makes up a missing id; CloudEvents requires the sender to give one."""
    missing = [prefix + name for name in REQUIRED if prefix + name not in attributes]
    if missing:
        raise MalformedEventError(f"not a valid CloudEvent: missing {', '.join(missing)}")


def _structured_attributes(body: bytes) -> Collection[str]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise MalformedEventError(f"not a valid CloudEvent: body is not JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise MalformedEventError("not a valid CloudEvent: body is not a JSON object")
    return document.keys()


def _parsed(parse: Callable[[], BaseCloudEvent]) -> BaseCloudEvent:
    try:
        event = parse()
    except (BaseCloudEventException, ValueError, TypeError, RecursionError) as exc:
        raise MalformedEventError(f"not a valid CloudEvent: {exc}") from exc
    return event


def _structured_data(cloudevent: BaseCloudEvent) -> bytes:
    data = cloudevent.get_data()
    if not isinstance(data, dict):
        raise MalformedEventError("data must be a JSON object")
    return json.dumps(data).encode()


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()
