"""Published documentation of the contracts: a JSON Schema per event and an AsyncAPI 3 document.

Both are generated from the models (FastStream builds the AsyncAPI document) and committed under
``docs/``; a test fails when the committed files are stale. Regenerate with ``lattice docs``.
"""

from __future__ import annotations

import json
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import REQUIRED_HEADERS, SCHEMA_VERSION_HEADER
from lattice_platform.contracts.topics import ALL_TOPICS

DocFiles = dict[str, str]

CLOUDEVENTS_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "CloudEvents 1.0 attributes, Kafka binary content mode, and W3C trace context.",
    "required": [*REQUIRED_HEADERS, SCHEMA_VERSION_HEADER, "content-type"],
    "properties": {
        "ce_specversion": {"const": "1.0"},
        "ce_id": {"type": "string", "description": "Unique event id; consumers deduplicate on it."},
        "ce_source": {"type": "string", "examples": ["/lattice/profile"]},
        "ce_type": {"type": "string", "description": "The event type (see the message title)."},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string", "description": "The record key: the entity id."},
        SCHEMA_VERSION_HEADER: {
            "type": "string",
            "description": "Payload schema version; older versions are upcast by consumers.",
        },
        "content-type": {"const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context of the producer."},
    },
}


def schema_file(model: type[Event]) -> str:
    return f"schemas/{model.event_type}.v{model.schema_version}.json"


def json_schema(model: type[Event]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    topics = [t for t in ALL_TOPICS if model in t.events]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://lattice.dev/{schema_file(model)}",
        **schema,
        "x-cloudevents-type": model.event_type,
        "x-schema-version": model.schema_version,
        "x-kafka-topics": [t.name for t in topics],
        "x-kafka-key": topics[0].keyed_by,
    }


def asyncapi() -> dict[str, Any]:
    broker = KafkaBroker("kafka:9092", description="The organisation's Kafka cluster.")
    for topic in ALL_TOPICS:
        for model in topic.events:
            broker.publisher(
                topic.name,
                title=f"{topic.name}:{model.__name__}",
                description=f"{(model.__doc__ or '').strip()} Keyed by {topic.keyed_by}. "
                f"Written by {', '.join(topic.producers)}; read by {', '.join(topic.consumers)}.",
                schema=model,
                include_in_schema=True,
            )
    document: dict[str, Any] = json.loads(
        AsyncAPI(
            broker,
            title="Lattice events",
            version="1.0.0",
            description="Every event of the Lattice suite. CloudEvents 1.0, Kafka binary mode; "
            "dead letters go to <topic>.dlq with the original record and a dlq_reason header.",
            schema_version="3.0.0",
        )
        .to_specification()
        .to_json()
    )
    document["components"]["schemas"]["CloudEventsKafkaHeaders"] = CLOUDEVENTS_HEADERS
    for message in document["components"]["messages"].values():
        message["headers"] = {"$ref": "#/components/schemas/CloudEventsKafkaHeaders"}
    return document


def generate() -> DocFiles:
    files = {
        "asyncapi.json": _dump(asyncapi()),
    }
    for topic in ALL_TOPICS:
        for model in topic.events:
            files[schema_file(model)] = _dump(json_schema(model))
    return files


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, default=str) + "\n"
