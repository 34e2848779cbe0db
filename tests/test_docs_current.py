"""The published contracts (AsyncAPI, JSON Schemas, OpenAPI) are what the code says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lattice_devstack import client
from lattice_devstack.docs import docs_site, generate_all, openapi_documents
from lattice_platform.contracts.base import Event, example_of
from lattice_platform.contracts.envelope import encode
from lattice_platform.contracts.topics import ALL_TOPICS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GENERATED = generate_all()


def example_of_model(model: type[Event]) -> Event:
    return model.model_validate(json.loads(json.dumps(example_of(model), default=str)))


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_docs_match_the_code(name: str) -> None:
    committed = DOCS / name
    assert committed.exists(), f"docs/{name} is missing: run ./lattice docs"
    current = committed.read_text() == GENERATED[name]
    assert current, f"docs/{name} is stale: run ./lattice docs"


def test_the_committed_client_is_what_the_openapi_documents_generate() -> None:
    generated = client.generate(openapi_documents(GENERATED))
    assert {name.split("/")[4] for name in generated} == {
        name.removeprefix("openapi/").removesuffix(".json") for name in published_apis()
    }
    stale = [n for n, text in generated.items() if not _holds(ROOT / n, text)]
    assert not stale, f"stale client files: {stale[:10]}: run ./lattice docs"
    leftovers = client.leftovers(generated)
    assert not leftovers, f"client files no document generates: {leftovers[:10]}"


def _holds(path: Path, text: str) -> bool:
    return path.exists() and path.read_text() == text


def test_no_published_schema_outlives_its_event() -> None:
    published = {f"schemas/{p.name}" for p in (DOCS / "schemas").glob("*.json")}
    assert published <= set(GENERATED), published - set(GENERATED)


def test_each_published_schema_is_identified_by_the_dataschema_its_events_carry() -> None:
    for topic in ALL_TOPICS:
        for model in topic.events:
            record = encode(example_of_model(model), source="/docs")
            dataschema = dict(record.headers)["ce_dataschema"].decode()
            assert dataschema.startswith("https://lattice.dev/schemas/")
            published = json.loads(GENERATED[dataschema.removeprefix("https://lattice.dev/")])
            assert published["$id"] == dataschema


def test_the_asyncapi_document_covers_every_topic_and_event_with_cloudevents_headers() -> None:
    document = json.loads(GENERATED["asyncapi.json"])
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses - {topic.dead_letter for topic in ALL_TOPICS} == {
        topic.name for topic in ALL_TOPICS
    }
    titles = set(document["channels"])
    for topic in ALL_TOPICS:
        for model in topic.events:
            assert f"{topic.name}:{model.__name__}" in titles
    for name, message in document["components"]["messages"].items():
        if not name.endswith(".dlq:Message"):
            assert message["headers"] == {"$ref": "#/components/schemas/CloudEventsKafkaHeaders"}


def test_the_asyncapi_document_says_who_receives_each_event() -> None:
    document = json.loads(GENERATED["asyncapi.json"])
    receivers: dict[str, set[str]] = {}
    for name, operation in document["operations"].items():
        if operation["action"] == "receive":
            channel = operation["channel"]["$ref"].removeprefix("#/channels/")
            receivers.setdefault(channel, set()).add(name.removeprefix(f"{channel}:"))
    for topic in ALL_TOPICS:
        for model in topic.events:
            assert receivers.get(f"{topic.name}:{model.__name__}", set()) == set(topic.consumers)


def test_the_asyncapi_document_names_no_header_that_is_never_sent() -> None:
    document = json.loads(GENERATED["asyncapi.json"])
    sent: set[str] = {"traceparent"}
    for topic in ALL_TOPICS:
        for model in topic.events:
            sent |= {name for name, _ in encode(example_of_model(model), source="/docs").headers}
    documented = document["components"]["schemas"]["CloudEventsKafkaHeaders"]["properties"]
    assert set(documented) == sent
    for message in document["components"]["messages"].values():
        location = message.get("correlationId", {}).get("location")
        if location is not None:
            header = location.removeprefix("$message.header#/")
            assert header in message_headers(document, message), f"{location} is never sent"


def message_headers(document: dict[str, Any], message: dict[str, Any]) -> set[str]:
    name = message["headers"]["$ref"].removeprefix("#/components/schemas/")
    return set(document["components"]["schemas"][name]["properties"])


def test_every_read_topic_has_a_documented_dead_letter_channel_and_every_message_its_key() -> None:
    document = json.loads(GENERATED["asyncapi.json"])
    by_address = {channel["address"]: name for name, channel in document["channels"].items()}
    messages = document["components"]["messages"]
    for topic in ALL_TOPICS:
        if topic.consumers:
            dead_letters = by_address[topic.dead_letter]
            writers = {
                name.removeprefix(f"{dead_letters}:")
                for name, operation in document["operations"].items()
                if operation["channel"]["$ref"] == f"#/channels/{dead_letters}"
                and operation["action"] == "send"
            }
            assert writers == set(topic.consumers)
            [message] = document["channels"][dead_letters]["messages"].values()
            dead_letter = messages[message["$ref"].removeprefix("#/components/messages/")]
            assert "dlq_reason" in message_headers(document, dead_letter)
        for model in topic.events:
            key = messages[f"{topic.name}:{model.__name__}:Message"]["bindings"]["kafka"]["key"]
            assert topic.keyed_by in key["description"]


def published_apis() -> dict[str, dict[str, Any]]:
    return {
        name: json.loads(text) for name, text in GENERATED.items() if name.startswith("openapi/")
    }


def test_every_http_operation_but_health_requires_a_bearer_token_or_a_signature() -> None:
    for name, document in published_apis().items():
        schemes = document["components"]["securitySchemes"]
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if path.startswith("/health/"):
                    continue
                assert operation.get("security"), f"{name} {method.upper()} {path} has no security"
                for requirement in operation["security"]:
                    assert set(requirement) <= set(schemes)
                assert {"401", "403"} <= set(operation["responses"]), f"{name} {path}"
    webhook = published_apis()["openapi/profile.json"]["paths"]["/v1/hris/webhook"]["post"]
    assert webhook["security"] == [{"HrisSignature": []}]


def test_every_operation_has_a_stable_name_and_every_document_a_server() -> None:
    for name, document in published_apis().items():
        ids = [o["operationId"] for ops in document["paths"].values() for o in ops.values()]
        assert len(ids) == len(set(ids)), name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids
        assert not [i for i in ids if re.search(r"_(get|post|put|patch|delete)$", i)], ids
        assert document["servers"][0]["url"].startswith("http://localhost:")


def test_the_local_docs_site_serves_each_api_and_the_event_catalogue() -> None:
    with TestClient(docs_site(DOCS)) as site:
        assert "notifier HTTP API" in site.get("/").text
        assert "swagger-ui" in site.get("/openapi/notifier").text
        assert site.get("/openapi/notifier.json").json()["info"]["title"]
        events = site.get("/asyncapi")
        assert events.status_code == 200
        assert "<title>Lattice events AsyncAPI</title>" in events.text
