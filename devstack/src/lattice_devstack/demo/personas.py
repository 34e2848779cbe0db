"""The demo organisation's cast as the console's personas (``CONSOLE_DEV_PERSONAS``)."""

from __future__ import annotations

from lattice_devstack.demo.organisation import Organisation, generate


def personas(org: Organisation) -> str:
    """Each cast member as an employee (and a manager when someone reports to them), then HR."""
    managers = {p.manager_id for p in org.people}
    entries = []
    for employee_id in org.cast.values():
        person = next(p for p in org.people if p.employee_id == employee_id)
        roles = "employee+manager" if employee_id in managers else "employee"
        entries.append(f"{employee_id}={person.name}={roles}")
    head = org.people[0]
    entries.append(f"{head.employee_id}={head.name} (HR)=employee+manager+hr")
    return ";".join(entries)


def demo_personas(seed: int, employees: int) -> str:
    return personas(generate(seed, employees))
