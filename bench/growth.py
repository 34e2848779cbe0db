"""Growth: how the notifier's costs grow with the organisation, at 10k, 100k and 1M employees.

For each size (5,000 openings, Zipf skills, as the other benchmarks), in a process of its own so
that its memory is its own:

* the index built from the generated employees: build time and the resident memory it added;
* one opening matched against everyone (``candidates_for_opening`` + ``assess``, the engine's
  path): mean, p50, p95, max; the surfaced sets of some of those openings are checked against the
  reference rule over every employee (every hard filter, no must-have short, ``score`` against
  the threshold: ``domain/matching.py``), on the same input;
* a notifier restart: the read model seeded (COPY), ``python -m lattice_notifier serve`` started
  and timed until ready (its index loaded from PostgreSQL), with its resident memory then;
* end to end through that notifier (``bench.notifier``'s run: the broker alone as the baseline,
  a short run at 1,000/s, then a burst).

    .venv/bin/python -m bench.growth                          # 10k, 100k and 1M
    .venv/bin/python -m bench.growth --sizes 10000 --burst 5000
    .venv/bin/python -m bench.growth --sizes 1000000 --no-e2e  # in-memory figures only

PostgreSQL: DATABASE_URL when set, else an embedded server. Kafka: an embedded Tansu broker, or
one Apache Kafka node with ``--kafka apache``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import date

from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import (
    Verdict,
    assess,
    effective_level,
    ineligibility,
    score,
)
from lattice_notifier.domain.model import Employee, MatchPolicy, Opening

from bench.notifier import end_to_end, warm_up
from bench.organisation import TODAY, Organisation
from bench.replicas import NotifierMetrics, running
from bench.setup import generated, organisation_arguments, seeded
from bench.stats import CpuMeter, percentile

SIZES = "10000,100000,1000000"
RESULT = "growth-result: "  # the line a size's process reports its figures on


def resident_mb(pid: int | str = "self") -> tuple[float, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def surfaced(index: MatchIndex, opening: Opening, today: date) -> set[str]:
    """The engine's path, as the notifier matches a posted opening."""
    policy = index.policy
    return {
        e.employee_id
        for e in index.candidates_for_opening(opening, today)
        if assess(e, opening, policy, today).verdict is Verdict.SURFACE
    }


def reference(
    employees: list[Employee], opening: Opening, policy: MatchPolicy, today: date
) -> set[str]:
    """The rule as docs/matching.md states it, over everyone: eligible, no must-have below its
    level, and ``score`` at the threshold or above."""
    threshold = policy.threshold_for(opening)
    return {
        e.employee_id
        for e in employees
        if ineligibility(e, opening, today) is None
        and all(
            effective_level(e, r.skill_id, policy, today) >= r.level for r in opening.must_haves
        )
        and score(e, opening, policy, today) >= threshold
    }


def in_memory(org: Organisation, samples: int, checked: int) -> dict[str, float]:
    """The index built from ``org``, then ``samples`` openings matched against everyone, the
    first ``checked`` of them against the reference rule."""
    policy = MatchPolicy()
    index = MatchIndex(policy)
    openings = org.domain_openings
    gc.collect()
    before, _ = resident_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    for e in org.employees:
        index.put_employee(e)
    for o in openings:
        index.put_opening(o)
    index.candidates_for_opening(openings[0], TODAY)  # applies what the loading queued
    built = time.perf_counter() - started
    cpu_us = (time.process_time() - cpu_started) / len(index.employees) * 1e6
    gc.collect()
    gc.freeze()  # as the notifier does once its index is loaded
    added = resident_mb()[0] - before
    print(
        f"  index built in {built:.1f}s, {cpu_us:.1f} µs of CPU per employee (on a loaded "
        f"machine the wall time is several times the CPU); resident memory +{added:,.0f} MB"
    )
    sample = random.Random(7).sample(openings, samples)
    timings, found = [], 0
    for o in sample:
        t0 = time.perf_counter()
        found += len(surfaced(index, o, TODAY))
        timings.append((time.perf_counter() - t0) * 1000)
    mean = statistics.mean(timings)
    print(
        f"  one opening vs {len(index.employees):,} employees ({samples} openings, "
        f"{found / samples:.1f} surfaced each): mean {mean:.2f} ms  "
        f"p50 {percentile(timings, 50):.2f}  p95 {percentile(timings, 95):.2f}  "
        f"max {max(timings):.2f}"
    )
    held = list(index.employees.values())  # the same input, as the index holds it
    agree, ref_ms = 0, []
    for o in sample[:checked]:
        t0 = time.perf_counter()
        expected = reference(held, o, policy, TODAY)
        ref_ms.append((time.perf_counter() - t0) * 1000)
        agree += surfaced(index, o, TODAY) == expected
    print(
        f"  reference rule over everyone (the baseline): mean {statistics.mean(ref_ms):,.0f} ms"
        f" per opening; same surfaced set: {agree}/{checked} openings"
    )
    if agree != checked:
        raise SystemExit("the index surfaced another set than the reference rule")
    return {
        "build_s": built,
        "build_cpu_us": cpu_us,
        "index_mb": added,
        "mean_ms": mean,
        "p95_ms": percentile(timings, 95),
        "reference_ms": statistics.mean(ref_ms),
        "same": agree,
        "checked": checked,
    }


async def restart_and_e2e(org: Organisation, args: argparse.Namespace) -> dict[str, float]:
    """The read model seeded, a notifier started on it and timed until ready, then the end to
    end run through it."""
    figures: dict[str, float] = {}
    async with seeded(org, 100, args.kafka) as bench:
        t0 = time.perf_counter()
        # a loaded machine can take minutes to load 1M employees: that is what is measured
        async with running(bench.env, bench.port, 1, None, ready_timeout_s=1800) as replicas:
            figures["ready_s"] = time.perf_counter() - t0
            pid = replicas[0].process.pid
            figures["ready_cpu_s"] = CpuMeter([pid], None).snapshot()["notifier"]
            figures["notifier_mb"], figures["notifier_peak_mb"] = resident_mb(pid)
            print(
                f"  notifier restart: ready in {figures['ready_s']:.1f}s, "
                f"{figures['ready_cpu_s']:.1f}s of its CPU (index loaded from PostgreSQL); "
                f"resident {figures['notifier_mb']:,.0f} MB, peak "
                f"{figures['notifier_peak_mb']:,.0f} MB"
            )
            if args.e2e:
                sent = [await warm_up(org, bench)]
                e2e = await end_to_end(
                    org,
                    bench.broker.bootstrap_servers,
                    bench.pool,
                    bench.prefix,
                    rates=[1000],
                    seconds=args.seconds,
                    burst=args.burst,
                    meter=CpuMeter([pid], bench.broker.pid),
                    metrics=NotifierMetrics([replicas[0].metrics_port]),
                    fetch_wait_ms=100,
                    sample_pid=pid,
                    sample_to=None,
                    sent=sent,
                )
                figures["throughput"] = e2e["throughput"]
    return figures


def one_size(args: argparse.Namespace) -> None:
    args.employees = args.size
    print(f"\n== {args.size:,} employees (load average {load()})")
    org = generated(args)
    figures: dict[str, float] = {"employees": args.size, **in_memory(org, args.samples, args.check)}
    gc.collect()
    if args.restart:
        figures.update(asyncio.run(restart_and_e2e(org, args)))
    figures["load"] = float(load().split()[0])
    print(RESULT + json.dumps(figures))


def summary(rows: list[dict[str, float]]) -> None:
    print("\nsummary (targets at 1M: index <= 1 GB resident, one opening <= 20 ms mean,")
    print("restart ready <= 60 s)")
    print(
        "  employees  build   CPU/empl  index RSS  opening mean/p95    reference"
        "  restart (its CPU)     notifier RSS  burst       load"
    )
    for r in rows:
        ready = (
            f"{r['ready_s']:6.1f} s ({r['ready_cpu_s']:5.1f} s CPU)"
            if "ready_s" in r
            else "                     -"
        )
        rss = f"{r['notifier_mb']:8,.0f} MB" if "notifier_mb" in r else "          -"
        burst = f"{r['throughput']:6,.0f}/s" if "throughput" in r else "       -"
        print(
            f"  {r['employees']:>9,.0f}  {r['build_s']:5.1f} s  {r['build_cpu_us']:5.1f} µs"
            f"  {r['index_mb']:6,.0f} MB"
            f"  {r['mean_ms']:6.2f}/{r['p95_ms']:6.2f} ms  {r['reference_ms']:7,.0f} ms"
            f"  {ready}  {rss}  {burst}  {r['load']:5.1f}"
        )


def main(args: argparse.Namespace) -> None:
    """Each size in a process of its own (its memory figures are then its own)."""
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        command = [sys.executable, "-m", "bench.growth", "--size", str(size), *child_flags(args)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(RESULT):
                rows.append(json.loads(line.removeprefix(RESULT)))
            else:
                print(line, end="", flush=True)
        if child.wait() != 0:
            raise SystemExit(f"the run at {size:,} employees failed ({child.returncode})")
    summary(rows)


def child_flags(args: argparse.Namespace) -> list[str]:
    flags = [
        f"--openings={args.openings}",
        f"--skills={args.skills}",
        f"--kafka={args.kafka}",
        f"--samples={args.samples}",
        f"--check={args.check}",
        f"--seconds={args.seconds}",
        f"--burst={args.burst}",
    ]
    if not args.restart:
        flags.append("--no-restart")
    if not args.e2e:
        flags.append("--no-e2e")
    return flags


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=SIZES, help="employees, comma-separated")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # one size, in this process
    organisation_arguments(parser)  # --employees is replaced by --sizes
    parser.add_argument("--samples", type=int, default=50, help="openings timed per size")
    parser.add_argument(
        "--check", type=int, default=10, help="of those, checked against the reference rule"
    )
    parser.add_argument("--seconds", type=float, default=3, help="length of the 1,000/s run")
    parser.add_argument("--burst", type=int, default=10_000, help="events of the burst")
    parser.add_argument(
        "--no-restart",
        dest="restart",
        action="store_false",
        help="in-memory figures only: no PostgreSQL, broker or notifier process",
    )
    parser.add_argument(
        "--no-e2e", dest="e2e", action="store_false", help="restart figures, but no burst"
    )
    return parser.parse_args()


if __name__ == "__main__":
    arguments_ = arguments()
    if arguments_.size is not None:
        one_size(arguments_)
    else:
        main(arguments_)
