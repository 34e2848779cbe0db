"""One trace from a manager publishing an opening to the opportunity it surfaces on the feed, on
the real broker and PostgreSQL: the openings service's HTTP request, its outbox, Kafka, the
notifier's consumer, the notifier's outbox and the OpportunitySurfaced record on the feed topic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_devstack.testing.plugin import bearer, serving, settings_for
from lattice_devstack.testing.tracing import recorded_spans
from lattice_notifier.bootstrap import assemble
from lattice_notifier.settings import NotifierSettings
from lattice_openings.bootstrap import build as build_openings
from lattice_openings.settings import OpeningsSettings
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import example_of
from lattice_platform.contracts.envelope import Envelope
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan

CALLER_TRACE, CALLER_SPAN = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7


def _employee(employee_id: str) -> ev.EmployeeUpserted:
    """The contract's example employee, holding the skill the opening asks for."""
    skill = {"skill_id": "kubernetes", "level": 4, "source": "self", "last_used_on": date.today()}
    return ev.EmployeeUpserted.model_validate(
        example_of(ev.EmployeeUpserted) | {"employee_id": employee_id, "skills": [skill]}
    )


def _secondment() -> dict[str, object]:
    starts = datetime.now(UTC).date() + timedelta(days=30)
    return {
        "title": "Platform secondment",
        "kind": "temporary",
        "temporary_kind": "secondment",
        "department": "platform",
        "grade": 5,
        "track": "individual_contributor",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=90)).isoformat(),
        "required_skills": [{"skill_id": "kubernetes", "level": 3}],
        "remote": True,
    }


def _surfaced(envelopes: list[Envelope], opening_id: str) -> list[Envelope]:
    return [
        e
        for e in envelopes
        if isinstance(e.event, ev.OpportunitySurfaced) and e.event.opening_id == opening_id
    ]


def _statement(span: ReadableSpan) -> str:
    attributes = span.attributes or {}
    return str(attributes.get("db.statement", attributes.get("db.query.text", "")))


async def test_one_trace_runs_from_publishing_an_opening_to_the_opportunity_on_the_feed(
    service_environment: dict[str, str], signing_key: SigningKey
) -> None:
    exporter = recorded_spans()
    openings_settings = settings_for(OpeningsSettings, service_environment)
    notifier_settings = settings_for(NotifierSettings, service_environment)
    _, openings_app = build_openings(openings_settings)
    notifier = assemble(notifier_settings)
    feed_topic = notifier_settings.kafka_topic_prefix + t.OPPORTUNITIES.name
    manager = bearer(signing_key.mint("E-MGR", (Role.EMPLOYEE, Role.MANAGER), employee_id="E-MGR"))
    async with (
        serving(notifier.app),
        serving(openings_app) as openings,
        TopicReader(notifier_settings.kafka_bootstrap_servers, feed_topic) as feed,
    ):
        async with RecordWriter(notifier_settings.kafka_bootstrap_servers) as writer:
            await writer.event(
                notifier_settings.kafka_topic_prefix + t.EMPLOYEES.name, _employee("E-ANA")
            )
        await wait_until(lambda: "E-ANA" in notifier.matching.index.employees, 30)
        created = await openings.post("/v1/openings", json=_secondment(), headers=manager)
        assert created.is_success, created.text
        opening_id = created.json()["opening_id"]
        published = await openings.post(
            f"/v1/openings/{opening_id}/open",
            headers=manager | {"traceparent": f"00-{CALLER_TRACE:032x}-{CALLER_SPAN:016x}-01"},
        )
        assert published.is_success, published.text
        records = await feed.read_until(
            lambda records: bool(_surfaced(decoded(t.OPPORTUNITIES, records), opening_id)), 30
        )
    [on_the_feed] = _surfaced(decoded(t.OPPORTUNITIES, records), opening_id)
    assert isinstance(on_the_feed.event, ev.OpportunitySurfaced)
    assert on_the_feed.event.employee_id == "E-ANA"

    in_trace = [s for s in exporter.get_finished_spans() if s.context.trace_id == CALLER_TRACE]
    by_id = {s.context.span_id: s for s in in_trace}

    def parent(span: ReadableSpan) -> ReadableSpan | None:
        return by_id.get(span.parent.span_id) if span.parent is not None else None

    [request] = [s for s in in_trace if s.kind == trace.SpanKind.SERVER]
    assert request.name == "POST /v1/openings/{opening_id}/open"
    assert request.parent is not None
    assert request.parent.span_id == CALLER_SPAN, "the request continues the caller's trace"

    [posted_outbox] = [s for s in in_trace if "outbox" in _statement(s) and parent(s) is request]
    assert posted_outbox.kind == trace.SpanKind.CLIENT, "the event is written in the request"

    [matching] = [
        s
        for s in in_trace
        if s.kind == trace.SpanKind.CONSUMER and s.name == f"{ev.OpeningPosted.event_type} process"
    ]
    assert parent(matching) is request, "the notifier continues the request's span across Kafka"
    assert (matching.attributes or {})["messaging.destination.name"] == (
        notifier_settings.kafka_topic_prefix + t.OPENINGS_TOPIC.name
    )

    assert on_the_feed.traceparent is not None, "the feed record carries its trace"
    _, trace_id, span_id, _ = on_the_feed.traceparent.split("-")
    assert int(trace_id, 16) == CALLER_TRACE, "the feed record is in the caller's trace"
    assert int(span_id, 16) == matching.context.span_id, (
        "the feed record's parent is the notifier's span that matched the opening"
    )
    surfaced_outbox = [s for s in in_trace if "outbox" in _statement(s) and parent(s) is matching]
    assert surfaced_outbox, "the notifier writes the surfaced opportunity in its consumer's span"
