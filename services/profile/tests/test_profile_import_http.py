"""Bulk onboarding over HTTP (``POST /v1/employees:import``, HR only): the same rows and rules as
the command line, one transaction per request, the rejected rows answered with their reasons."""

from __future__ import annotations

from lattice_devstack.testing.plugin import bearer
from lattice_platform.auth import Role, SigningKey
from profile_testkit import RunningProfile, running
from test_profile_import import HEADER, ROWS, rows

IMPORT = "/v1/employees:import"
CSV = {"Content-Type": "text/csv"}


def hr(key: SigningKey) -> dict[str, str]:
    return {**CSV, **bearer(key.mint("user-HR1", [Role.HR], employee_id="HR1"))}


async def test_an_upload_loads_the_good_rows_and_answers_each_rejected_row_with_its_reason(
    profile: RunningProfile, signing_key: SigningKey
) -> None:
    body = HEADER + "\n".join(ROWS) + "\n"

    response = await profile.client.post(IMPORT, content=body, headers=hr(signing_key))

    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["rows"], answer["applied"], answer["skipped"], answer["ignored"]) == (6, 2, 0, 0)
    assert [(r["line"], r["employee_id"]) for r in answer["rejected"]] == [
        (4, "E2"),
        (5, "E3"),
        (6, "E1"),
        (7, ""),
    ]
    assert answer["rejected"][2]["reason"] == "employee_id appears earlier in the file"
    stored = await rows(profile.settings, "SELECT employee_id, name FROM employees")
    assert sorted(tuple(r) for r in stored) == [("E1", "Ana Silva"), ("M1", "Rui Costa")]
    again = await profile.client.post(IMPORT, content=body, headers=hr(signing_key))
    # E1's row carries its effective_at and is not newer the second time; M1's has none, so it
    # takes the time of the upload, as the command line does, and is applied again.
    assert (again.json()["applied"], again.json()["skipped"]) == (1, 1)


async def test_only_hr_may_onboard_employees(
    profile: RunningProfile, signing_key: SigningKey
) -> None:
    for roles in ([Role.EMPLOYEE, Role.MANAGER], [Role.SERVICE]):
        token = bearer(signing_key.mint("someone", roles, employee_id="E9"))
        refused = await profile.client.post(
            IMPORT, content=HEADER + ROWS[1] + "\n", headers={**CSV, **token}
        )
        assert refused.status_code == 403
    assert await rows(profile.settings, "SELECT employee_id FROM employees") == []


async def test_a_part_with_more_rows_than_a_transaction_takes_is_refused_whole(
    service_environment: dict[str, str], signing_key: SigningKey
) -> None:
    async with running(service_environment, LATTICE_PROFILE_IMPORT_BATCH_SIZE="1") as profile:
        too_many = await profile.client.post(
            IMPORT, content=HEADER + ROWS[0] + "\n" + ROWS[1] + "\n", headers=hr(signing_key)
        )
        no_header = await profile.client.post(
            IMPORT, content="employee_id,name\nE1,Ana\n", headers=hr(signing_key)
        )

        assert too_many.status_code == 413
        assert "at most 1 rows" in too_many.text
        assert no_header.status_code == 422
        assert "lacks the column(s)" in no_header.text
        assert await rows(profile.settings, "SELECT employee_id FROM employees") == []
