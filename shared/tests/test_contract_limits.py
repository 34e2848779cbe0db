"""Every string and list in the event contracts is bounded, and no string may hold a NUL."""

from __future__ import annotations

from typing import Any

import pytest
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, example_of
from pydantic import ValidationError

MODELS = sorted({m for topic in t.ALL_TOPICS for m in topic.events}, key=lambda m: m.__name__)


def _unbounded(schema: Any, where: str = "") -> list[str]:
    """Paths of strings without maxLength or NUL ban, and arrays without maxItems."""
    found: list[str] = []
    if isinstance(schema, dict):
        kind = schema.get("type")
        free_string = kind == "string" and "enum" not in schema and "format" not in schema
        if free_string and ("maxLength" not in schema or "pattern" not in schema):
            found.append(where)
        if kind == "array" and "maxItems" not in schema:
            found.append(where)
        for key, value in schema.items():
            found += _unbounded(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += _unbounded(value, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_string_and_list_of_a_contract_has_a_published_maximum(
    model: type[Event],
) -> None:
    assert _unbounded(model.model_json_schema()) == []


def test_a_three_megabyte_department_or_a_nul_is_refused_by_the_contract() -> None:
    valid = example_of(ev.HrisEmployeeRecord)
    ev.HrisEmployeeRecord.model_validate(valid)
    for department in ("x" * 3_000_000, "x" * 129, "eng\x00"):
        with pytest.raises(ValidationError):
            ev.HrisEmployeeRecord.model_validate(valid | {"department": department})
    too_many = example_of(ev.CareerGoalSet) | {"target_role_ids": ["swe-3"] * 501}
    with pytest.raises(ValidationError):
        ev.CareerGoalSet.model_validate(too_many)
