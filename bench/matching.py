"""Matching micro-benchmark: one opening against every employee of the synthetic organisation.

The in-memory index (``MatchIndex.candidates_for_opening`` + ``assess``, the engine's own path,
near misses included) against a naive SQL matcher that implements the same rules over the same
read model in PostgreSQL; both answers are compared for every sampled opening, so the speed-up
is not bought with a different result.

    .venv/bin/python -m bench.matching            # 100k employees, 5k openings, 100 openings timed
    .venv/bin/python -m bench.matching --quick    # 10k / 500, 30 openings timed

PostgreSQL: DATABASE_URL when set (a fresh database is created and dropped), else an embedded
server.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import time

import asyncpg
from lattice_notifier.bootstrap import policy_of
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Verdict, assess
from lattice_notifier.domain.model import MatchPolicy, Opening

from bench.organisation import TODAY, Organisation
from bench.setup import generated, organisation_arguments, seeded
from bench.stats import percentile

NAIVE_SQL = """
WITH req AS (SELECT * FROM unnest($1::text[], $2::int[], $3::bool[])
             AS r(skill_id, level, must_have)),
opt AS (SELECT * FROM unnest($4::text[], $5::int[]) AS o(skill_id, level)),
eligible AS (
  SELECT e.employee_id FROM employees e
  WHERE e.changed_at IS NOT NULL AND e.status = 'active' AND e.discoverable
    AND e.employee_id <> $6 AND NOT (e.employee_id = ANY($7::text[]))
    AND e.grade <= $8
    AND (cardinality(e.move_kinds) = 0 OR (CASE
          WHEN $9 = 'temporary' THEN 'temporary'
          WHEN $8 > e.grade THEN 'promotion'
          WHEN $10 = e.track THEN 'lateral' ELSE 'track_switch' END) = ANY(e.move_kinds))
    AND e.grade BETWEEN $11 AND $12
    AND ((extract(year FROM $13::date) - extract(year FROM e.role_start_date)) * 12
         + extract(month FROM $13::date) - extract(month FROM e.role_start_date)
         - CASE WHEN extract(day FROM $13::date) < extract(day FROM e.role_start_date)
                THEN 1 ELSE 0 END) >= $14
    AND ($15 OR cardinality($16::text[]) = 0 OR e.willing_to_relocate
         OR e.location = ANY($16::text[]) OR e.acceptable_locations && $16::text[])
    AND (cardinality($17::text[]) = 0 OR e.department = ANY($17::text[]))
    AND NOT (e.department = ANY($18::text[]))
),
levels AS (
  SELECT s.employee_id, s.skill_id,
    s.level - CASE WHEN ((extract(year FROM $13::date) - extract(year FROM s.last_used_on)) * 12
         + extract(month FROM $13::date) - extract(month FROM s.last_used_on)
         - CASE WHEN extract(day FROM $13::date) < extract(day FROM s.last_used_on)
                THEN 1 ELSE 0 END)
         > $19 THEN 1 ELSE 0 END AS effective
  FROM employee_skills s JOIN eligible USING (employee_id)
),
fits AS (
  SELECT el.employee_id, r.level, r.must_have, coalesce(l.effective, 0) AS effective
  FROM eligible el CROSS JOIN req r
  LEFT JOIN levels l ON l.employee_id = el.employee_id AND l.skill_id = r.skill_id
),
scored AS (
  SELECT employee_id, avg(least(effective::float8 / level, 1)) AS base,
         count(*) FILTER (WHERE must_have AND effective < level) AS short
  FROM fits GROUP BY employee_id
),
bonus AS (
  SELECT l.employee_id, count(*) AS n FROM levels l JOIN opt o USING (skill_id)
  WHERE l.effective >= o.level GROUP BY l.employee_id
)
SELECT s.employee_id FROM scored s LEFT JOIN bonus b USING (employee_id)
WHERE s.short = 0
  AND round(least(s.base + $20::float8 * coalesce(b.n, 0), 1)::numeric, 4) >= $21
"""


async def naive_sql_match(conn: asyncpg.Connection, o: Opening, policy: MatchPolicy) -> set[str]:
    low = o.grade - 1 if o.grade_min is None else o.grade_min
    high = o.grade if o.grade_max is None else o.grade_max
    rows = await conn.fetch(
        NAIVE_SQL,
        [r.skill_id for r in o.required],
        [r.level for r in o.required],
        [r.must_have for r in o.required],
        [r.skill_id for r in o.optional],
        [r.level for r in o.optional],
        o.hiring_manager_id,
        sorted(o.incumbent_ids),
        o.grade,
        o.kind.value,
        o.track.value,
        low,
        high,
        TODAY,
        o.min_tenure_months,
        o.remote,
        sorted(o.locations),
        sorted(o.departments_included),
        sorted(o.departments_excluded),
        policy.decay_months,
        policy.optional_bonus,
        policy.threshold_for(o),
    )
    return {r["employee_id"] for r in rows}


def index_match(index: MatchIndex, o: Opening, policy: MatchPolicy) -> set[str]:
    return {
        e.employee_id
        for e in index.candidates_for_opening(o, TODAY)
        if assess(e, o, policy, TODAY).verdict is Verdict.SURFACE
    }


async def micro_benchmark(
    org: Organisation, pool: asyncpg.Pool, policy: MatchPolicy, samples: int
) -> dict[str, float]:
    index = MatchIndex(policy)
    started = time.perf_counter()
    for e in org.employees:
        index.put_employee(e)
    openings = org.domain_openings
    for o in openings:
        index.put_opening(o)
    print(f"  index built in {time.perf_counter() - started:.1f}s")
    gc.collect()
    gc.freeze()  # as the notifier does once its index is loaded
    rng = random.Random(7)
    sample = rng.sample(openings, samples)
    in_memory: list[float] = []
    in_sql: list[float] = []
    agree = 0
    surfaced = 0
    async with pool.acquire() as conn:
        await naive_sql_match(conn, sample[0], policy)  # warm the plan and the cache
        for o in sample:
            t0 = time.perf_counter()
            fast = index_match(index, o, policy)
            in_memory.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            slow = await naive_sql_match(conn, o, policy)
            in_sql.append((time.perf_counter() - t0) * 1000)
            agree += fast == slow
            surfaced += len(fast)
    mem_mean, sql_mean = statistics.mean(in_memory), statistics.mean(in_sql)
    print(
        f"  {samples} openings, each against {len(org.employees):,} employees; "
        f"{surfaced / samples:.1f} surfaced per opening on average"
    )
    print(
        f"  in-memory index : mean {mem_mean:7.2f} ms  p50 {percentile(in_memory, 50):7.2f}  "
        f"p95 {percentile(in_memory, 95):7.2f}  max {max(in_memory):7.2f}"
    )
    print(
        f"  naive SQL       : mean {sql_mean:7.2f} ms  p50 {percentile(in_sql, 50):7.2f}  "
        f"p95 {percentile(in_sql, 95):7.2f}  max {max(in_sql):7.2f}"
    )
    print(
        f"  speed-up (mean) : {sql_mean / mem_mean:.0f}x    same answer: {agree}/{samples} openings"
    )
    return {"mem_mean": mem_mean, "sql_mean": sql_mean, "ratio": sql_mean / mem_mean}


async def main(args: argparse.Namespace) -> None:
    if args.quick:
        args.employees, args.openings, args.samples = 10_000, 500, 30
    org = generated(args)
    async with seeded(org, fetch_wait_ms=100, kafka=args.kafka) as bench:
        print("\nmatching micro-benchmark: one opening against every employee")
        micro = await micro_benchmark(org, bench.pool, policy_of(bench.settings), args.samples)
        print("\nsummary (targets in brackets)")
        print(f"  one opening vs employees   {micro['mem_mean']:>9.2f} ms         [<= 10]")
        print(f"  index vs naive SQL         {micro['ratio']:>9.0f}x           [>= 50x]")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="10k employees, 500 openings, 30 sampled openings"
    )
    organisation_arguments(parser)
    parser.add_argument("--samples", type=int, default=100, help="openings measured")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
