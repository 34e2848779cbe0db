from __future__ import annotations

import itertools
import json
import re
import time
import uuid

import pytest
from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.v1.event import CloudEvent
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, example_of
from lattice_platform.contracts.envelope import (
    Headers,
    MalformedEventError,
    decode,
    encode,
    new_event_id,
    new_event_ids,
    schema_uri,
)
from lattice_platform.settings import ServiceSettings

CATALOGUE = [(topic, model) for topic in t.ALL_TOPICS for model in topic.events]


def example(model: type[Event]) -> Event:
    return model.model_validate(json.loads(json.dumps(example_of(model), default=str)))


def test_event_ids_are_time_ordered_uuids_that_sort_as_text() -> None:
    before_ms = time.time_ns() // 1_000_000
    first = new_event_ids(500)
    time.sleep(0.002)
    later = [new_event_id() for _ in range(3)]
    after_ms = time.time_ns() // 1_000_000
    ids = [*first, *later]
    assert len(set(ids)) == len(ids)
    for event_id in ids:
        parsed = uuid.UUID(event_id)
        assert str(parsed) == event_id
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert before_ms <= parsed.int >> 80 <= after_ms  # the first 48 bits: Unix milliseconds
    # A batch shares its millisecond; what is made later sorts after it, as text too (the
    # inbox's and the outbox's indexes take them at their right edge).
    assert max(first) < min(later)
    assert all(a < b for a, b in itertools.pairwise(later) if a[:13] != b[:13])


@pytest.mark.parametrize(("topic", "model"), CATALOGUE, ids=lambda v: getattr(v, "__name__", ""))
def test_every_event_has_a_versioned_type_a_key_and_a_working_example(
    topic: t.Topic, model: type[Event]
) -> None:
    event = example(model)
    assert model.event_type.startswith("io.lattice.")
    assert model.schema_version >= 1
    assert event.key()
    assert model.model_config.get("frozen") is True
    record = encode(event, source="/test")
    assert decode(topic, record.key, record.value, record.headers).event == event


def test_records_are_cloudevents_binary_mode_readable_by_the_reference_sdk() -> None:
    event = example(ev.SkillAcquired)
    record = encode(
        event, source="/lattice/learning", traceparent="00-" + "a" * 32 + "-" + "b" * 16 + "-01"
    )
    parsed = ce_kafka.from_binary_event(
        ce_kafka.KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
    )
    assert parsed.get_type() == ev.SkillAcquired.event_type
    assert parsed.get_source() == "/lattice/learning"
    assert parsed.get_data()["skill_id"] == event.skill_id
    assert dict(record.headers)["traceparent"].startswith(b"00-")


def test_a_record_from_the_reference_sdk_decodes_into_the_contract() -> None:
    payload = example(ev.EmployeeLeft).model_dump(mode="json")
    sdk_event = CloudEvent(
        attributes={
            "type": ev.EmployeeLeft.event_type,
            "source": "/hris",
            "id": "x-1",
            "datacontenttype": "application/json",
            "partitionkey": "E1001",
        },
        data=payload,
    )
    message = ce_kafka.to_binary_event(sdk_event)
    key = message.key.encode() if isinstance(message.key, str) else message.key  # Kafka: bytes
    envelope = decode(t.EMPLOYEES, key, message.value, list(message.headers.items()))
    assert envelope.id == "x-1"
    assert envelope.event == ev.EmployeeLeft.model_validate(payload)


def test_a_cloudevent_without_the_optional_time_decodes_with_no_time() -> None:
    payload = example(ev.EmployeeLeft).model_dump(mode="json")
    sdk_event = CloudEvent(
        attributes={"type": ev.EmployeeLeft.event_type, "source": "/hris", "id": "x-2"},
        data=payload,
    )
    message = ce_kafka.to_binary_event(sdk_event)  # the SDK always stamps a time: drop it
    headers = [(k, v) for k, v in message.headers.items() if k != "ce_time"]
    key = payload["employee_id"].encode()
    envelope = decode(t.EMPLOYEES, key, message.value, headers)
    assert envelope.time is None
    assert envelope.event == ev.EmployeeLeft.model_validate(payload)


def test_records_name_their_schema_by_dataschema_and_still_by_schemaversion() -> None:
    record = encode(example(ev.EmployeeUpserted), source="/t")
    headers = dict(record.headers)
    assert headers["ce_dataschema"] == (
        b"https://lattice.dev/schemas/io.lattice.profile.employee.upserted.v2.json"
    )
    assert headers["ce_schemaversion"] == b"2"


def _v1_employee() -> tuple[bytes, bytes, Headers]:
    """A version 1 EmployeeUpserted record with neither schema header."""
    current = example(ev.EmployeeUpserted)
    v1_payload = current.model_dump(mode="json", exclude={"mentor_opt_in"})
    headers = [
        (k, v)
        for k, v in encode(current, source="/t").headers
        if k not in {"ce_schemaversion", "ce_dataschema"}
    ]
    return current.key().encode(), json.dumps(v1_payload).encode(), headers


def test_an_old_version_named_only_by_dataschema_is_upcast() -> None:
    key, value, headers = _v1_employee()
    uri = schema_uri(ev.EmployeeUpserted.event_type, 1).encode()
    upcast = decode(t.EMPLOYEES, key, value, [*headers, ("ce_dataschema", uri)]).event
    assert isinstance(upcast, ev.EmployeeUpserted)
    assert upcast.mentor_opt_in is False


UNTRUSTED_SCHEMAS = {
    "dataschema and schemaversion disagree": (
        [
            ("ce_dataschema", schema_uri(ev.EmployeeUpserted.event_type, 1).encode()),
            ("ce_schemaversion", b"2"),
        ],
        "ce_dataschema names version 1 but ce_schemaversion says 2",
    ),
    "a schema published elsewhere": (
        [("ce_dataschema", b"https://example.com/schemas/employee.json")],
        "'https://example.com/schemas/employee.json' is not one of Lattice's published schemas",
    ),
    "a version too long to be one": (
        [
            (
                "ce_dataschema",
                (
                    f"https://lattice.dev/schemas/{ev.EmployeeUpserted.event_type}"
                    f".v{'9' * 5000}.json"
                ).encode(),
            )
        ],
        "is not one of Lattice's published schemas",
    ),
    "the schema of another event type": (
        [("ce_dataschema", schema_uri(ev.EmployeeLeft.event_type, 1).encode())],
        "is the schema of 'io.lattice.profile.employee.left', not of",
    ),
}


@pytest.mark.parametrize("case", list(UNTRUSTED_SCHEMAS))
def test_a_dataschema_that_does_not_name_the_payloads_schema_is_refused(case: str) -> None:
    extra, reason = UNTRUSTED_SCHEMAS[case]
    key, value, headers = _v1_employee()
    with pytest.raises(MalformedEventError, match=re.escape(reason)):
        decode(t.EMPLOYEES, key, value, [*headers, *extra])


def test_an_old_schema_version_is_upcast_to_the_current_model() -> None:
    current = example(ev.EmployeeUpserted)
    key, value, headers = _v1_employee()  # from a producer that predates dataschema
    upcast = decode(t.EMPLOYEES, key, value, [*headers, ("ce_schemaversion", b"1")]).event
    assert isinstance(upcast, ev.EmployeeUpserted)
    assert upcast.mentor_opt_in is False
    assert upcast.employee_id == current.employee_id


def test_a_version_2_employee_written_before_hidden_from_manager_existed_is_not_hidden() -> None:
    current = example(ev.EmployeeUpserted)
    earlier = current.model_dump(mode="json", exclude={"hidden_from_manager"})
    record = encode(current, source="/t")
    decoded_event = decode(t.EMPLOYEES, record.key, json.dumps(earlier).encode(), record.headers)
    assert isinstance(decoded_event.event, ev.EmployeeUpserted)
    assert decoded_event.event.hidden_from_manager is False


@pytest.mark.parametrize("version", [b"0", b"3", b"two"])
def test_an_unsupported_schema_version_is_refused_with_the_reason(version: bytes) -> None:
    record = encode(example(ev.EmployeeUpserted), source="/t")
    headers = [
        (k, version if k == "ce_schemaversion" else v)
        for k, v in record.headers
        if k != "ce_dataschema"  # from a producer that predates dataschema
    ]
    with pytest.raises(MalformedEventError, match=r"schema version|not an integer"):
        decode(t.EMPLOYEES, record.key, record.value, headers)


@pytest.mark.parametrize("version", [0, 3])
def test_an_unsupported_version_named_by_dataschema_is_refused_with_the_reason(
    version: int,
) -> None:
    key, value, headers = _v1_employee()
    uri = schema_uri(ev.EmployeeUpserted.event_type, version).encode()
    with pytest.raises(MalformedEventError, match=rf"schema version {version} is not supported"):
        decode(t.EMPLOYEES, key, value, [*headers, ("ce_dataschema", uri)])


def test_an_event_written_to_the_wrong_topic_is_refused() -> None:
    record = encode(example(ev.OpeningClosed), source="/t")
    with pytest.raises(MalformedEventError, match=r"does not belong on topic lattice\.employees"):
        decode(t.EMPLOYEES, record.key, record.value, record.headers)


def test_wire_events_never_carry_names_or_emails_except_the_inbound_hris_contract() -> None:
    for topic in t.ALL_TOPICS:
        if topic is t.HRIS_INBOUND:
            continue
        for model in topic.events:
            assert not {"name", "work_email", "email"} & set(model.model_fields), model


async def test_every_event_round_trips_through_the_real_broker(topics: ServiceSettings) -> None:
    bootstrap, prefix = topics.kafka_bootstrap_servers, topics.kafka_topic_prefix
    sent: dict[str, list[Event]] = {}
    async with RecordWriter(bootstrap) as writer:
        for topic, model in CATALOGUE:
            event = example(model)
            await writer.event(prefix + topic.name, event)
            sent.setdefault(topic.name, []).append(event)
    for topic in t.ALL_TOPICS:
        async with TopicReader(bootstrap, prefix + topic.name) as reader:
            records = await reader.read_at_least(len(sent[topic.name]))
        received = [e.event for e in decoded(topic, records)]
        assert sorted(received, key=repr) == sorted(sent[topic.name], key=repr)


KEY_MISMATCHES = {
    "keyless record": (None, "record has no key"),
    "record keyed by another employee": (b"E-other", "record key is not the event's employee_id"),
}


@pytest.mark.parametrize("case", list(KEY_MISMATCHES))
def test_a_record_not_keyed_by_its_entity_is_refused(case: str) -> None:
    key, reason = KEY_MISMATCHES[case]
    record = encode(example(ev.EmployeeLeft), source="/t")
    with pytest.raises(MalformedEventError, match=reason):
        decode(t.EMPLOYEES, key, record.value, record.headers)


UNSTORABLE_IDS = {
    "empty": ("", "ce_id is empty"),
    "NUL character": ("abc\x00def", "control characters"),
    "line break": ("abc\ndef", "control characters"),
    "8 KB": ("x" * 8192, "8192 characters long; at most 256"),
}


@pytest.mark.parametrize("case", list(UNSTORABLE_IDS))
def test_an_event_id_that_cannot_be_stored_is_refused(case: str) -> None:
    event_id, reason = UNSTORABLE_IDS[case]
    record = encode(example(ev.EmployeeLeft), source="/t")
    headers = [(k, event_id.encode() if k == "ce_id" else v) for k, v in record.headers]
    with pytest.raises(MalformedEventError, match=reason):
        decode(t.EMPLOYEES, record.key, record.value, headers)
