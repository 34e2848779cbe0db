"""Spans a test can read: an in-memory exporter on the process's tracer provider."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def recorded_spans() -> InMemorySpanExporter:
    """An exporter that receives every span this process ends from now on.

    OpenTelemetry lets a process set its tracer provider once and ignores later attempts, so the
    exporter joins the SDK provider already set (by another test module, say) and sets one only
    when there is none: test modules that read spans then pass in any order.
    """
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter
