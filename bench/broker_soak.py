"""The embedded broker alone under sustained load: one hop at a fixed rate, window after window.

The notifier benchmark's latency runs cross the broker twice per event. This asks whether the
broker itself holds its latency as its log grows: a producer like the bench's sends records at
``--rate`` into a fresh 6-partition topic of an embedded Tansu broker, and a new consumer group
(reading from the latest offset, with ``--fetch-wait-ms``) reads each ``--window`` seconds;
the p50/p99 of each window are printed as it ends.

    .venv/bin/python -m bench.broker_soak                 # 1,000/s, 9 windows of 10 s
    .venv/bin/python -m bench.broker_soak --windows 3 --fetch-wait-ms 100
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from lattice_devstack.infra import EmbeddedBroker

from bench.broker import broker_hop, create_topic
from bench.stats import percentile

TOPIC = "soak"


async def main(args: argparse.Namespace) -> None:
    broker = EmbeddedBroker(log_path=Path(tempfile.gettempdir()) / "broker-soak-tansu.log")
    broker.start()
    try:
        await create_topic(broker.bootstrap_servers, TOPIC)
        print(
            f"the broker alone: {args.rate:,}/s, {args.windows} windows of {args.window:.0f} s, "
            f"fetch wait {args.fetch_wait_ms} ms"
        )
        for window in range(args.windows):
            latencies = await broker_hop(
                broker.bootstrap_servers, TOPIC, args.rate, args.window, args.fetch_wait_ms
            )
            sent = (window + 1) * args.rate * args.window
            print(
                f"  window {window + 1} ({sent:,.0f} records sent in all): "
                f"p50 {percentile(latencies, 50):6.1f} ms  p99 {percentile(latencies, 99):7.1f} ms",
                flush=True,
            )
    finally:
        broker.stop()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=int, default=1_000, help="records/s")
    parser.add_argument("--window", type=float, default=10, help="seconds per window")
    parser.add_argument("--windows", type=int, default=9)
    parser.add_argument(
        "--fetch-wait-ms", type=int, default=10, help="the reader's fetch wait (the feed's: 10)"
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
