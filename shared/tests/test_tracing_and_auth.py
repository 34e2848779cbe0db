from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest
from fastapi import APIRouter, Request
from fastapi.testclient import TestClient
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_devstack.testing.plugin import serving
from lattice_devstack.testing.tracing import recorded_spans
from lattice_platform.auth import Authenticated, Role, SigningKey, require
from lattice_platform.context import ServiceContext
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import Envelope
from lattice_platform.http import create_app
from lattice_platform.messaging import consumer
from lattice_platform.messaging.consumer import BatchDelivery, Batched, Delivery
from lattice_platform.paging import PageSize
from lattice_platform.runtime import Runtime
from lattice_platform.settings import ServiceSettings
from lattice_platform.uow import PostgresUnitOfWork
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from platform_testkit import Ledger, context_for, effects, effects_runtime, ledger_runtime


@pytest.fixture(scope="module", autouse=True)
def exporter() -> InMemorySpanExporter:
    return recorded_spans()


async def test_a_consumer_span_continues_the_producers_trace_across_kafka(
    topics: ServiceSettings, exporter: InMemorySpanExporter
) -> None:
    ledger = Ledger()
    runtime = ledger_runtime(topics, ledger)
    tracer = trace.get_tracer("test")
    async with runtime.running():
        with tracer.start_as_current_span("hr changes a record") as producer_span:
            async with runtime.pool.acquire() as conn, conn.transaction():
                await runtime.outbox.put(
                    conn, t.EMPLOYEES, ev.EmployeeLeft(employee_id="E7", left_on=date(2026, 2, 1))
                )
        await wait_until(lambda: _has_effect(runtime), 20)
    consumer_spans = [s for s in exporter.get_finished_spans() if s.name.endswith(" process")]
    assert consumer_spans, "the consumer recorded a span"
    span = consumer_spans[-1]
    assert span.parent is not None
    assert span.parent.span_id == producer_span.get_span_context().span_id
    assert span.context.trace_id == producer_span.get_span_context().trace_id
    assert span.kind == trace.SpanKind.CONSUMER


leavers = APIRouter()


@leavers.post("/leavers/{employee_id}", status_code=202)
async def record_leaver(employee_id: str, request: Request) -> None:
    runtime: Runtime = request.app.state.runtime
    async with runtime.pool.acquire() as conn, conn.transaction():
        await runtime.outbox.put(
            conn, t.EMPLOYEES, ev.EmployeeLeft(employee_id=employee_id, left_on=date(2026, 2, 1))
        )


async def test_one_trace_runs_from_an_http_request_through_the_outbox_and_kafka_to_the_effect(
    topics: ServiceSettings, exporter: InMemorySpanExporter
) -> None:
    """The caller's ``traceparent`` is continued by the request's span; the event the request
    writes carries it through the outbox and Kafka; the consumer's span and its database call
    writing the effect are in the same trace."""
    caller_trace, caller_span = 0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331
    runtime = ledger_runtime(topics, Ledger())
    context = ServiceContext(runtime, topics, PostgresUnitOfWork.begin, PageSize(20, 100))
    app = create_app(context, [leavers], title="t", description="t")
    async with serving(app) as http:
        answer = await http.post(
            "/leavers/E9",
            headers={"traceparent": f"00-{caller_trace:032x}-{caller_span:016x}-01"},
        )
        assert answer.status_code == 202
        await wait_until(lambda: _has_effect(runtime), 20)
    in_trace = [s for s in exporter.get_finished_spans() if s.context.trace_id == caller_trace]
    by_id = {s.context.span_id: s for s in in_trace}

    def ancestry(span: ReadableSpan) -> list[str]:
        names = [span.name]
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
            names.append(span.name)
        return names

    [request] = [s for s in in_trace if s.kind == trace.SpanKind.SERVER]
    assert request.name == "POST /leavers/{employee_id}", "named by the route template"
    assert request.parent is not None
    assert request.parent.span_id == caller_span, "it continues the caller's trace"
    [outbox_insert] = [
        s for s in in_trace if s.kind == trace.SpanKind.CLIENT and "outbox" in _statement(s)
    ]
    assert ancestry(outbox_insert)[-1] == request.name, "the outbox row is written in the request"
    [effect_insert] = [s for s in in_trace if "INSERT INTO effects" in _statement(s)]
    chain = ancestry(effect_insert)
    assert any(name.endswith(" process") for name in chain), "written by the consumer"
    assert chain[-1] == request.name, f"one trace from the request to the effect: {chain}"


def _statement(span: ReadableSpan) -> str:
    return str(
        (span.attributes or {}).get(
            "db.statement", (span.attributes or {}).get("db.query.text", "")
        )
    )


async def test_events_a_batched_handler_publishes_continue_the_trace_of_the_event_they_answer(
    topics: ServiceSettings,
) -> None:
    answers, producers = await _answers_to_three_leavers(topics)
    for answer_envelope in answers:
        assert answer_envelope.traceparent is not None
        trace_id = int(answer_envelope.traceparent.split("-")[1], 16)
        employee_id = answer_envelope.event.key()
        assert trace_id == producers[employee_id].trace_id, (
            f"the answer to {employee_id} is in its trace"
        )


async def test_with_no_span_recorded_a_batched_handlers_events_continue_the_trace_they_arrived_in(
    topics: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As without a tracer provider of the SDK: no consumer span, so an answer's parent is the
    span that published the event it answers."""
    monkeypatch.setattr(consumer, "spans_recorded", lambda: False)
    answers, producers = await _answers_to_three_leavers(topics)
    for answer_envelope in answers:
        producer = producers[answer_envelope.event.key()]
        assert answer_envelope.traceparent is not None
        _, trace_id, parent_id, _ = answer_envelope.traceparent.split("-")
        assert (trace_id, parent_id) == (f"{producer.trace_id:032x}", f"{producer.span_id:016x}")


async def test_with_no_span_recorded_a_handlers_events_continue_the_trace_they_arrived_in(
    topics: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a handler of one event at a time: what it publishes has for parent the span
    that published the event it answers."""
    monkeypatch.setattr(consumer, "spans_recorded", lambda: False)
    answers, producers = await _answers_to_three_leavers(topics, one_at_a_time=True)
    for answer_envelope in answers:
        producer = producers[answer_envelope.event.key()]
        assert answer_envelope.traceparent is not None
        _, trace_id, parent_id, _ = answer_envelope.traceparent.split("-")
        assert (trace_id, parent_id) == (f"{producer.trace_id:032x}", f"{producer.span_id:016x}")


async def _answers_to_three_leavers(
    topics: ServiceSettings, *, one_at_a_time: bool = False
) -> tuple[list[Envelope], dict[str, trace.SpanContext]]:
    """Three employees leave, each in a span of their own; a batched handler (or, if
    ``one_at_a_time``, a plain one) answers each. The answers, and the span context that
    published each employee's event."""

    async def answer_one(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        await delivery.publish(t.OPPORTUNITIES, _withdrawn(event.employee_id))

    async def answer(batch: BatchDelivery, events: Sequence[ev.EmployeeLeft]) -> None:
        trace_of = batch.trace_by_key()  # as the notifier's unit of work does
        answers = [_withdrawn(event.employee_id) for event in events]
        await batch.outbox.put_all(
            batch.conn, [(t.OPPORTUNITIES, answer, trace_of(answer)) for answer in answers]
        )

    runtime = effects_runtime(topics, answer_one if one_at_a_time else Batched(answer))
    tracer = trace.get_tracer("test")
    producers: dict[str, trace.SpanContext] = {}
    async with runtime.running():
        for employee_id in ("E1", "E2", "E3"):
            with tracer.start_as_current_span(f"hr records {employee_id} leaving") as span:
                async with runtime.pool.acquire() as conn, conn.transaction():
                    await runtime.outbox.put(
                        conn,
                        t.EMPLOYEES,
                        ev.EmployeeLeft(employee_id=employee_id, left_on=date(2026, 2, 1)),
                    )
            producers[employee_id] = span.get_span_context()
        async with TopicReader(
            topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.OPPORTUNITIES.name
        ) as reader:
            answers = decoded(t.OPPORTUNITIES, await reader.read_at_least(3))
    assert sorted(a.event.key() for a in answers) == ["E1", "E2", "E3"]
    return answers, producers


def _withdrawn(employee_id: str) -> ev.OpportunityWithdrawn:
    return ev.OpportunityWithdrawn(
        opportunity_id=f"{employee_id}:OP-1:1",
        employee_id=employee_id,
        opening_id="OP-1",
        reason="employee_left",
        withdrawn_at=datetime(2026, 2, 1, tzinfo=UTC),
    )


async def _has_effect(runtime: Runtime) -> bool:
    return bool(await effects(runtime))


probe = APIRouter()


@probe.get("/whoami")
def whoami(principal: Authenticated) -> dict[str, object]:
    return {"employee_id": principal.employee_id, "roles": sorted(principal.roles)}


@probe.get("/hr-only", dependencies=[require(Role.HR)])
def hr_only() -> dict[str, str]:
    return {"ok": "yes"}


@pytest.fixture
def client(platform_settings: ServiceSettings) -> TestClient:
    app = create_app(context_for(platform_settings), [probe], title="t", description="t")
    with TestClient(app) as test_client:
        yield test_client


def test_health_and_readiness_need_no_token_and_report_ready(client: TestClient) -> None:
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready")
    assert ready.status_code == 200, ready.text


def test_a_crashed_background_task_is_restarted_so_liveness_holds_and_readiness_says_so(
    client: TestClient,
) -> None:
    runtime: Runtime = client.app.state.runtime  # type: ignore[attr-defined]

    async def broken_consumer() -> None:
        raise RuntimeError("lost its group")

    client.portal.call(_spawn_and_settle, runtime, broken_consumer)  # type: ignore[union-attr]
    assert client.get("/health/live").status_code == 200, "a new process would not do better"
    response = client.get("/health/ready")
    assert response.status_code == 503
    problem = response.json()["problems"]["consumer-broken"]
    assert problem == "restarting after RuntimeError('lost its group')"


async def _spawn_and_settle(runtime: Runtime, work: object) -> None:
    runtime._spawn(work, "consumer-broken")  # type: ignore[arg-type]
    await asyncio.sleep(0.05)


def test_every_other_endpoint_refuses_a_missing_or_forged_token(
    client: TestClient, signing_key: SigningKey
) -> None:
    forged = SigningKey.generate().mint("mallory", [Role.HR], employee_id="E1")
    expired = signing_key.mint("ana", [Role.EMPLOYEE], employee_id="E1", ttl_s=-60)
    wrong_audience = signing_key.mint("ana", [Role.EMPLOYEE], employee_id="E1", audience="other")
    for path in ("/whoami", "/hr-only", "/metrics", "/openapi.json", "/docs"):
        assert client.get(path).status_code in (401, 404), path
    for token in (forged, expired, wrong_audience, "not-a-jwt"):
        response = client.get("/whoami", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["detail"].startswith("invalid token")


def test_the_openapi_document_is_served_to_any_holder_of_a_valid_token(
    client: TestClient, signing_key: SigningKey
) -> None:
    token = signing_key.mint("portal", [Role.SERVICE])
    response = client.get("/openapi.json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    document = response.json()
    assert document == client.app.openapi()  # type: ignore[attr-defined]
    assert document["paths"]["/whoami"]["get"]["operationId"] == "whoami"
    assert "/openapi.json" not in document["paths"]


def test_two_routes_of_one_name_are_refused_when_the_document_is_built(
    platform_settings: ServiceSettings,
) -> None:
    first, second = APIRouter(), APIRouter()

    @first.get("/a")
    async def listing() -> None: ...

    @second.get("/b", name="listing")
    async def other_listing() -> None: ...

    app = create_app(context_for(platform_settings), [first, second], title="t", description="t")
    with pytest.raises(ValueError, match="two routes are named listing"):
        app.openapi()


def test_identity_and_roles_come_from_the_token_claims(
    client: TestClient, signing_key: SigningKey
) -> None:
    token = signing_key.mint("ana", [Role.EMPLOYEE, Role.MANAGER], employee_id="E1")
    response = client.get("/whoami", headers={"Authorization": f"Bearer {token}"})
    assert response.json() == {"employee_id": "E1", "roles": ["employee", "manager"]}
    assert client.get("/hr-only", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    hr = signing_key.mint("hr", [Role.HR], employee_id="E2")
    assert client.get("/hr-only", headers={"Authorization": f"Bearer {hr}"}).json() == {"ok": "yes"}


def test_a_token_without_lattice_roles_is_forbidden(
    client: TestClient, signing_key: SigningKey
) -> None:
    token = signing_key.mint("bob", [], employee_id="E3")
    assert client.get("/whoami", headers={"Authorization": f"Bearer {token}"}).status_code == 403


_DATABASE_TRACING = """
import sys
import asyncpg
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from lattice_platform.telemetry.http import trace_database_calls

def wrapped():
    return hasattr(asyncpg.connection.Connection.fetchval, "__wrapped__")

if sys.argv[1] == "sdk":
    trace.set_tracer_provider(TracerProvider())
elif sys.argv[1] == "always-off":
    trace.set_tracer_provider(TracerProvider(sampler=ALWAYS_OFF))
print(trace_database_calls(), wrapped())
"""


@pytest.mark.parametrize(
    ("provider", "instrumented"),
    [("none", False), ("always-off", False), ("sdk", True)],
)
def test_database_calls_are_wrapped_only_in_a_process_that_records_spans(
    provider: str, instrumented: bool
) -> None:
    """asyncpg is patched once for the whole process, so each case runs in a process of its
    own."""
    ran = subprocess.run(  # noqa: S603 - this interpreter, a script of the test
        [sys.executable, "-c", _DATABASE_TRACING, provider],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.split() == [str(instrumented), str(instrumented)]
