"""Keeping a large in-memory model out of the garbage collector's way.

CPython's cyclic collector visits, in each full collection, every tracked object that is not
frozen. A service that holds its read model in memory (the notifier's match index: millions of
long-lived objects) pays for all of them and frees none: the model has no reference cycles,
and reference counting frees what it drops. Freezing the model once it is loaded is not enough,
because each event replaces objects, and the new ones pile up outside the frozen set. In the
notifier at 100k employees and a sustained 1,000 events/s, full collections came every 4-5 s,
took 245-392 ms each, and freed nothing.

:class:`LongLivedHeap` freezes the survivors (``gc.freeze``) after any full collection that took
longer than ``slow_s``, so later ones visit only what was allocated since. Reference counting
still frees a frozen object nobody references; what a freeze gives up is the collection of a
reference cycle through a frozen object, which the objects in flight at that moment (a few
futures and frames, against millions in the model) are the only candidates for. While the
model is loaded, the collector is off (:meth:`LongLivedHeap.loading`), then the model frozen.

While it watches, the youngest generation is collected every :data:`YOUNG_COLLECTION`
allocations instead of CPython's 700: handling an event allocates thousands of short-lived
objects that reference counting frees anyway, and the notifier's ``SkillAcquired`` handler
spent 4-5 % of its CPU in young collections (``bench.handler``, 100k employees: 104-105 µs an
event against 109-110). A young collection of 20,000 objects takes about a millisecond.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lattice_platform.telemetry import metrics

YOUNG_COLLECTION = 20_000


class LongLivedHeap:
    def __init__(self, slow_s: float = 0.025) -> None:
        self.slow_s = slow_s
        self._started = 0.0
        self._thresholds: tuple[int, int, int] | None = None  # CPython's, while watching

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

    def watch(self) -> None:
        """Time every full collection from now on, and freeze after a slow one; collect the
        youngest generation less often."""
        if self._on_gc not in gc.callbacks:
            gc.callbacks.append(self._on_gc)
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(YOUNG_COLLECTION, *self._thresholds[1:])

    def unwatch(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

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
