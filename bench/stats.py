"""How the benchmarks summarise what they measure: percentiles, windows of a long run, the CPU
each part used."""

from __future__ import annotations

import os


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


WINDOW_S = 10


def by_window(latencies: list[tuple[float, float]]) -> str:
    """p50/p99 of each ``WINDOW_S`` of a long run, by the second of the run each event was sent
    in: whether a run holds its pace or falls behind as it goes."""
    windows: dict[int, list[float]] = {}
    for sent_s, ms in latencies:
        windows.setdefault(int(sent_s // WINDOW_S), []).append(ms)
    return f"p50/p99 by {WINDOW_S} s sent: " + ", ".join(
        f"{percentile(values, 50):.0f}/{percentile(values, 99):.0f}"
        for _, values in sorted(windows.items())
    )


class CpuMeter:
    """CPU seconds used by each part of the run (Linux ``/proc``): where a burst's time goes."""

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, notifiers: list[int], broker: int | None) -> None:
        self.parts = {
            "notifier": lambda: notifiers,
            "PostgreSQL": lambda: self._named("postgres"),
            "broker": lambda: [broker] if broker else [],
            "load generator": lambda: [os.getpid()],
        }

    def snapshot(self) -> dict[str, float]:
        seconds = {
            name: sum(self._cpu(pid, reaped=name == "PostgreSQL") for pid in pids())
            for name, pids in self.parts.items()
        }
        with open("/proc/stat") as stat:
            fields = [int(f) for f in stat.readline().split()[1:]]
        seconds["machine busy"] = (sum(fields) - fields[3] - fields[4]) / self.TICK
        return seconds

    @classmethod
    def _cpu(cls, pid: int, *, reaped: bool = False) -> float:
        """``reaped``: with the children it has waited for, so that a PostgreSQL backend that
        ends during the run still counts (in its postmaster's figure)."""
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        if reaped:
            ticks += int(fields[13]) + int(fields[14])  # cutime + cstime
        return ticks / cls.TICK

    @staticmethod
    def _named(name: str) -> list[int]:
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/comm") as comm:
                        if comm.read().strip() == name:
                            pids.append(int(entry))
                except OSError:
                    continue
        return pids

    @staticmethod
    def report(before: dict[str, float], after: dict[str, float], events: int, wall: float) -> str:
        used = {name: after[name] - before[name] for name in before}
        parts = ", ".join(
            f"{name} {used[name] / events * 1e6:.0f} µs"
            for name in before
            if name != "machine busy"
        )
        busy = used["machine busy"] / wall / (os.cpu_count() or 1) * 100
        return f"CPU per event: {parts}; machine {busy:.0f}% busy ({os.cpu_count()} cores)"
