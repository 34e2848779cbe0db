"""Keeping a large in-memory model out of the garbage collector's way.

CPython's cyclic collector visits, in each full collection, every tracked object that is not
frozen. A service that holds its read model in memory (the notifier's match index: millions of
long-lived objects) pays for all of them and frees none: the model has no reference cycles,
and reference counting frees what it drops. Freezing the model once it is loaded is not enough,
because each event replaces objects, and the new ones pile up outside the frozen set. In the
notifier at 100k employees and a sustained 1,000 events/s, full collections came every 4-5 s,
took 245-392 ms each, and freed nothing.

:class:`LongLivedHeap` freezes the survivors (``gc.freeze``) after any full collection that took
longer than ``slow_s`` (15 ms), so later ones visit only what was allocated since. Reference
counting still frees a frozen object nobody references; what a freeze gives up is the
collection of a reference cycle through a frozen object, which the objects in flight at that
moment (a few futures and frames, against millions in the model) are the only candidates for.
While the model is loaded, the collector is off (:meth:`LongLivedHeap.loading`), then the model
frozen.

While it watches, the older generations are collected more often than CPython's defaults, so
each visits less: the middle one every :data:`MIDDLE_COLLECTION` young collections (CPython:
10), and a full collection comes at most every :data:`FULL_COLLECTION` middle ones (CPython:
10). In five minutes at 1,000 events/s on the notifier's 100k employees, CPython's thresholds
made middle collections of 13 ms on average (54 ms at worst) and full ones of 133 ms (174 ms);
these make them 1.0 ms (47 ms) and 13 ms (32 ms). The more frequent freezes that follow kept
nothing measurable from the collector: unfrozen and collected at the end of that run, after 206
full collections, the heap held 4 unreachable objects.

The model loaded, one more full collection visits only what is not frozen, so the collector's
count of long-lived objects starts near zero. Otherwise it starts at the model's millions, the
first full collection waits until a quarter as many objects again have survived, and then
visits them all at once: 324 ms, three and a half minutes into a run at 1,000 events/s.

The youngest generation is collected as CPython does, every 700 allocations and in a fraction
of a millisecond, except while a consumer is behind the broker (:meth:`LongLivedHeap.paced`):
then every :data:`YOUNG_COLLECTION_BEHIND`. A batch of hundreds of events holds thousands of
objects while it is handled, and each young collection visits them, however few allocations
apart: the fewer collections, the less CPU. Over a run of 5 s at 1,000 events/s and a burst
of 50,000 in three lanes, the notifier's collections took 856 ms in all at 20,000 and 387 ms at
100,000 (the longest young one 20 and 76 ms), and its CPU an event in the burst was 122-129 µs
against 107-119 µs; at 700 it had been 147-148 µs against 124-133 µs at 20,000. Pauses of
that length are nothing to a consumer that is behind, but a sustained 1,000 events/s, handled
in batches of a few events, would feel them in its latency: not behind, CPython's 700 holds.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lattice_platform.telemetry import metrics

YOUNG_COLLECTION_BEHIND = 100_000
MIDDLE_COLLECTION = 2
FULL_COLLECTION = 5


class LongLivedHeap:
    def __init__(self, slow_s: float = 0.015) -> None:
        self.slow_s = slow_s
        self._started = 0.0
        self._thresholds: tuple[int, int, int] | None = None  # CPython's, while watching
        self._behind: set[str] = set()  # the consumers whose last batch came full

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Around the loading of the model: no collection meanwhile, then one of what loading
        left, and the rest frozen. Loading allocates millions of objects that all survive, so
        the collector run as usual makes ever longer full collections of the model loaded so
        far, which free nothing: half of the notifier's CPU loading 100k employees. Reference
        counting still frees what loading drops (rows read, batches) as it goes. A load that
        fails freezes nothing."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
        gc.collect()
        gc.freeze()
        gc.collect()  # of nothing but what is not frozen: see the module's docstring

    def watch(self) -> None:
        """Time every full collection from now on, and freeze after a slow one; collect the
        older generations more often."""
        if self._on_gc not in gc.callbacks:
            gc.callbacks.append(self._on_gc)
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(self._thresholds[0], MIDDLE_COLLECTION, FULL_COLLECTION)

    def unwatch(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        self._behind.clear()

    def paced(self, consumer: str, behind: bool) -> None:
        """Hears, after each fetch of ``consumer``, whether it is ``behind`` the broker (its
        batch came full). While a consumer is behind and the heap watched, the youngest
        generation is collected less often."""
        if self._thresholds is None:
            return
        was = bool(self._behind)
        if behind:
            self._behind.add(consumer)
        else:
            self._behind.discard(consumer)
        if bool(self._behind) != was:
            young = YOUNG_COLLECTION_BEHIND if self._behind else self._thresholds[0]
            gc.set_threshold(young, MIDDLE_COLLECTION, FULL_COLLECTION)

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
            return
        pause = time.perf_counter() - self._started
        metrics.gc_full_collection_seconds.observe(pause)
        if pause > self.slow_s:
            gc.freeze()  # the collection is over: this moves its survivors, nothing else
            metrics.gc_freezes.inc()
