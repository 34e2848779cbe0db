"""What the notifier should have surfaced for the triggers a run sent, worked out without the
index, the consumers or the database: each employee's ``SkillAcquired`` events replayed in the
order they were sent (one key, one partition: the order the notifier sees), and the rules
(``matching.assess``) applied to every opening naming the skill. A run compares it with the
pairs the notifier wrote for a sample of the employees it triggered."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg
from lattice_notifier.domain.matching import Verdict, assess
from lattice_notifier.domain.model import Employee, MatchPolicy, Opening
from lattice_notifier.entrypoints.consumers import skill_gained
from lattice_platform.contracts import events as ev

from bench.organisation import Organisation

Pair = tuple[str, str]


@dataclass(frozen=True)
class Expected:
    surfaced: set[Pair]
    near_misses: set[Pair]
    # Pairs whose opening names the skills of two or more of the employee's triggers: a near
    # miss of such a pair may hold only between two of them.
    between: frozenset[Pair] = frozenset()


def expected(
    org: Organisation,
    sent: Sequence[ev.SkillAcquired],
    employee_ids: set[str],
    policy: MatchPolicy,
    today: date,
) -> Expected:
    """Every pair the rules surface (or call a near miss) for ``employee_ids`` when ``sent`` is
    applied in order: a skill gained re-assesses the openings that name it."""
    naming: dict[str, list[Opening]] = defaultdict(list)
    for opening in org.domain_openings:
        for skill_id in opening.skill_ids:
            naming[skill_id].append(opening)
    people: dict[str, Employee] = {
        e.employee_id: e for e in org.employees if e.employee_id in employee_ids
    }
    surfaced: set[Pair] = set()
    near: set[Pair] = set()
    named: dict[Pair, int] = defaultdict(int)  # how many of the employee's triggers it names
    for event in sent:
        if event.employee_id not in people:
            continue
        employee = skill_gained(event).applied_to(people[event.employee_id])
        people[event.employee_id] = employee
        for opening in naming[event.skill_id]:
            named[employee.employee_id, opening.opening_id] += 1
            verdict = assess(employee, opening, policy, today).verdict
            if verdict is Verdict.SURFACE:
                surfaced.add((employee.employee_id, opening.opening_id))
            elif verdict is Verdict.NEAR_MISS:
                near.add((employee.employee_id, opening.opening_id))
    return Expected(surfaced, near, frozenset(pair for pair, n in named.items() if n > 1))


async def written(pool: asyncpg.Pool, employee_ids: set[str]) -> Expected:
    """The pairs the notifier wrote for ``employee_ids``."""
    ids = sorted(employee_ids)
    async with pool.acquire() as conn:
        surfaced = await conn.fetch(
            "SELECT employee_id, opening_id FROM notifier.opportunities"
            " WHERE employee_id = ANY($1::text[])",
            ids,
        )
        near = await conn.fetch(
            "SELECT employee_id, opening_id FROM notifier.near_misses"
            " WHERE employee_id = ANY($1::text[])",
            ids,
        )
    return Expected(
        {(r["employee_id"], r["opening_id"]) for r in surfaced},
        {(r["employee_id"], r["opening_id"]) for r in near},
    )


async def check(
    pool: asyncpg.Pool,
    org: Organisation,
    sent: Sequence[ev.SkillAcquired],
    sample: int,
    *,
    policy: MatchPolicy,
    today: date,
) -> bool:
    """Compare, for ``sample`` of the employees ``sent`` triggered, what the notifier wrote with
    what the rules give, event by event; print the outcome and return whether it is as it must
    be. The surfaced pairs must be the same. So must the near misses, but for one difference
    the notifier makes on purpose: an employee's consecutive skills in one batch are one change
    (docs/matching.md), so a near miss that held only between two of them is not reported,
    where the rules, event by event, report it before the pair surfaces or gets closer."""
    triggered = sorted({event.employee_id for event in sent})
    chosen = set(random.Random(5).sample(triggered, min(sample, len(triggered))))
    want = expected(org, sent, chosen, policy, today)
    got = await written(pool, chosen)
    skipped = want.near_misses - got.near_misses
    same = (
        want.surfaced == got.surfaced
        and got.near_misses <= want.near_misses
        and skipped <= want.between
    )
    print(
        f"  the surfaced set, {len(chosen):,} of the {len(triggered):,} employees triggered: "
        f"{len(got.surfaced):,} surfaced and {len(got.near_misses):,} near misses written; "
        f"the rules event by event: {len(want.surfaced):,} and {len(want.near_misses):,}, of "
        f"which {len(skipped):,} held only between two skills of one employee's batch; "
        f"{'as they must be' if same else 'DIFFERENT'}"
    )
    if not same:
        for name, a, b in (
            ("surfaced", want.surfaced, got.surfaced),
            ("near misses", want.near_misses, got.near_misses),
        ):
            print(
                f"    {name}: expected, not written {sorted(a - b)[:5]} ({len(a - b)}); "
                f"written, not expected {sorted(b - a)[:5]} ({len(b - a)})"
            )
    return same
