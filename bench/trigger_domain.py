"""The domain part of the notifier's ``SkillAcquired`` path alone, in this process: no
PostgreSQL, no asyncio, no publication. For each trigger, the CPU of each step the handler takes
in memory: the skill applied (``Employee.with_skill``), the employee's candidate openings
(``MatchIndex.candidates_for_employee``), each of them assessed (``assess``), and the employee
put back into the index (``MatchIndex.put_employee``). Without the database and the other
processes' share of it, a change of a microsecond or two shows through the noise, which
``bench.handler`` cannot show on a shared machine. A digest of the pairs the notifier acts
on (surfaced or nearly missed) with their scores is printed: two versions must print the same
one. The pairs assessed may differ: the index may prune more or fewer of those ``assess`` turns
down.

    .venv/bin/python -m bench.trigger_domain [--employees 100000 --events 20000]
    PYTHONPATH=/tmp/older/services/notifier/src .venv/bin/python -m bench.trigger_domain
                                                    # another version of the domain
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Verdict, assess
from lattice_notifier.domain.model import MatchPolicy

from bench.organisation import Zipf, organisation
from bench.setup import PARTITIONS

STEPS = ("with_skill", "candidates", "assess", "put")
ACTED_ON = (Verdict.SURFACE, Verdict.NEAR_MISS)


def handled(
    index: MatchIndex, triggers: Sequence[tuple[str, str, int]]
) -> tuple[dict[str, int], int, str]:
    """CPU nanoseconds per step over ``triggers``, the pairs assessed and the digest of those
    acted on."""
    spent = dict.fromkeys(STEPS, 0)
    clock = time.process_time_ns
    today = datetime.now(UTC).date()
    policy = index.policy
    digest = hashlib.sha256()
    pairs = 0
    for employee_id, skill_id, level in triggers:
        t0 = clock()
        employee = index.employees[employee_id].with_skill(skill_id, level, today)
        t1 = clock()
        openings = index.candidates_for_employee(employee, today, skill_id)
        t2 = clock()
        assessed = [assess(employee, o, policy, today) for o in openings]
        t3 = clock()
        index.put_employee(employee)
        t4 = clock()
        for step, ns in zip(STEPS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[step] += ns
        pairs += len(assessed)
        for a in assessed:
            if a.verdict in ACTED_ON:
                digest.update(f"{a.employee_id} {a.opening_id} {a.verdict} {a.score}\n".encode())
    return spent, pairs, digest.hexdigest()[:12]


def main(args: argparse.Namespace) -> None:
    org = organisation(args.employees, args.openings, args.skills, PARTITIONS, seed=42)
    index = MatchIndex(MatchPolicy())
    for employee in org.employees:
        index.put_employee(employee)
    for opening in org.domain_openings:
        index.put_opening(opening)
    gc.collect()
    gc.freeze()  # as the notifier does once its index is loaded
    rng = random.Random(7)
    zipf = Zipf(org.skills, 1.0, rng)
    people = rng.sample(org.employees, min(args.events + args.warm_up, len(org.employees)))
    triggers = [(p.employee_id, zipf.draw(), rng.randint(3, 5)) for p in people]
    handled(index, triggers[: args.warm_up])
    measured = triggers[args.warm_up :]
    spent, pairs, digest = handled(index, measured)
    per_event = {step: ns / len(measured) / 1000 for step, ns in spent.items()}
    print(
        f"{len(measured):,} SkillAcquired, domain only: "
        + ", ".join(f"{step} {us:.2f}" for step, us in per_event.items())
        + f"; total {sum(per_event.values()):.2f} µs/event of CPU;"
        f" {pairs:,} pairs assessed, surfaced and near misses {digest}"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = {"employees": 100_000, "openings": 5_000, "skills": 2_000, "events": 20_000}
    for name, default in {**sizes, "warm-up": 2_000}.items():  # bench.handler's defaults
        parser.add_argument(f"--{name}", type=int, default=default)
    return parser.parse_args()


if __name__ == "__main__":
    main(arguments())
