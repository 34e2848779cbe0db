"""The demo organisation is data (devstack's ``demo/organisation.toml``): read, checked, and turned
into the same organisation for the same seed."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from typing import Any

import pytest
from lattice_devstack.demo.organisation import DATA, DemoData, generate, load
from pydantic import ValidationError

TODAY = date(2026, 12, 5)


def raw() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text())


def test_the_shipped_data_is_valid_and_gives_the_journeys_their_cast() -> None:
    org = generate(7, 300, TODAY, load())
    assert len(org.people) == 300
    assert set(org.cast) >= {"ben", "carla", "dev", "marta", "tomas", "eva", "mentor", "noor"}
    ben, carla = org.person("ben"), org.person("carla")
    assert ben.manager_id == org.cast["tomas"]  # not the secondment's hiring manager: a release
    assert org.person("tomas").manager_id == org.cast["marta"]
    assert ben.skills["kubernetes"] == (4, TODAY - timedelta(days=int(2 * 30.4)))
    assert not carla.discoverable
    secondment = org.opening("secondment")
    assert secondment.hiring_manager_id == org.cast["marta"]
    assert secondment.required == (("kubernetes", 3, True), ("go", 2, False))
    assert org.opening("pm-opening").locations == org.sites  # no locations: every site


def test_the_same_seed_gives_the_same_organisation() -> None:
    assert generate(3, 120, TODAY) == generate(3, 120, TODAY)
    assert generate(3, 120, TODAY).people != generate(4, 120, TODAY).people


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["cast"][1].update(manager="ben"), "manager ben is not a cast member before"),
        (lambda d: d["cast"][0].update(role="cto"), "head: unknown role cto"),
        (lambda d: d["openings"][0].update(locations=["paris"]), "secondment: unknown site paris"),
        (lambda d: d["openings"][0].update(hiring_manager="nobody"), "hiring manager nobody"),
        (lambda d: d["roles"][0].update(next_roles=["swe-9"]), "leads to unknown role swe-9"),
        (lambda d: d["roles"].append(dict(d["roles"][0])), "role swe-1 is defined twice"),
        (lambda d: d["population"].update(default_manager="ben2"), "manager ben2 is not a cast"),
        (lambda d: d["cast"][3]["skills"].update(go=[6, "recent"]), "less than or equal to 5"),
        (lambda d: d["cast"][3]["skills"].update(go=[3, "yesterday"]), "'recent', 'stale'"),
        (lambda d: d["openings"][0].update(kind="internship"), "'role' or 'temporary'"),
        (lambda d: d["catalogue"][0].update(hours=16), "Extra inputs are not permitted"),
    ],
)
def test_data_that_does_not_hold_together_is_rejected_with_the_reason(
    change: Any, complaint: str
) -> None:
    data = raw()
    change(data)
    with pytest.raises(ValidationError, match=complaint):
        DemoData.model_validate(data)
