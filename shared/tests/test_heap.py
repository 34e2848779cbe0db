"""The heap watch: a slow full collection freezes its survivors, a quick one does not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest
from lattice_platform.heap import (
    FULL_COLLECTION,
    MIDDLE_COLLECTION,
    YOUNG_COLLECTION_BEHIND,
    LongLivedHeap,
)
from lattice_platform.telemetry import metrics


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def full_collections() -> float:
    return _sample(metrics.gc_full_collection_seconds.collect(), "_count")


def freezes() -> float:
    return _sample(metrics.gc_freezes.collect(), "_total")


def _sample(families: list, suffix: str) -> float:
    [value] = [s.value for f in families for s in f.samples if s.name.endswith(suffix)]
    return float(value)


def collect_watched(heap: LongLivedHeap, *generations: int) -> tuple[float, float]:
    """Collect ``generations`` with ``heap`` watching; return how many full collections were
    timed and how many freezes done meanwhile."""
    timed, frozen = full_collections(), freezes()
    heap.watch()
    try:
        for generation in generations:
            gc.collect(generation)
    finally:
        heap.unwatch()
    return full_collections() - timed, freezes() - frozen


def collected() -> set[int]:
    """The ids of the objects later collections visit (frozen ones are not among them)."""
    return {id(o) for o in gc.get_objects()}


def test_a_full_collection_slower_than_the_limit_freezes_what_survives_it(unfrozen: None) -> None:
    kept = [[f"employee-{i}"] for i in range(1_000)]  # lists: tracked by the collector
    assert id(kept[0]) in collected(), "tracked before"
    assert collect_watched(LongLivedHeap(slow_s=0.0), 2) == (1, 1)
    visited = collected()
    assert not any(id(k) in visited for k in kept), "the survivors are out of later collections"


def test_a_full_collection_within_the_limit_freezes_nothing(unfrozen: None) -> None:
    assert collect_watched(LongLivedHeap(slow_s=60.0), 2) == (1, 0), "timed, not frozen"
    assert gc.get_freeze_count() == 0


def test_young_collections_are_neither_timed_nor_frozen(unfrozen: None) -> None:
    assert collect_watched(LongLivedHeap(slow_s=0.0), 0, 1) == (0, 0)
    assert gc.get_freeze_count() == 0


def test_a_heap_no_longer_watched_leaves_collections_alone(unfrozen: None) -> None:
    heap = LongLivedHeap(slow_s=0.0)
    heap.watch()
    heap.watch()  # once is enough
    heap.unwatch()
    timed = full_collections()
    gc.collect()
    assert full_collections() == timed
    assert gc.get_freeze_count() == 0


def test_a_watched_heap_collects_its_older_generations_more_often() -> None:
    before = gc.get_threshold()
    heap = LongLivedHeap()
    heap.watch()
    try:
        assert gc.get_threshold() == (before[0], MIDDLE_COLLECTION, FULL_COLLECTION)
    finally:
        heap.unwatch()
    assert gc.get_threshold() == before


def test_the_youngest_generation_is_collected_less_often_while_a_consumer_is_behind() -> None:
    before = gc.get_threshold()
    watched = (before[0], MIDDLE_COLLECTION, FULL_COLLECTION)
    behind = (YOUNG_COLLECTION_BEHIND, MIDDLE_COLLECTION, FULL_COLLECTION)
    heap = LongLivedHeap()
    heap.paced("employees", behind=True)
    assert gc.get_threshold() == before, "not watched: nothing changes"
    heap.watch()
    try:
        assert gc.get_threshold() == watched, "no consumer behind: CPython's young threshold"
        heap.paced("employees", behind=True)
        heap.paced("openings.0", behind=True)
        assert gc.get_threshold() == behind
        heap.paced("employees", behind=False)
        assert gc.get_threshold() == behind, "one is still behind"
        heap.paced("openings.0", behind=False)
        assert gc.get_threshold() == watched, "all caught up"
        heap.paced("employees", behind=True)
    finally:
        heap.unwatch()
    assert gc.get_threshold() == before, "unwatched while behind: CPython's again"
    heap.watch()
    try:
        assert gc.get_threshold() == watched, "what was behind is forgotten"
    finally:
        heap.unwatch()


class Node:
    """Tracked by the collector, and can be in a reference cycle and weakly referenced."""

    def __init__(self) -> None:
        self.other: Node | None = None


def collections_during(body: Callable[[], object], of: tuple[int, ...] = (0, 1, 2)) -> int:
    """How many collections of the generations ``of`` started while ``body`` ran."""
    started = 0

    def count(phase: str, info: dict[str, int]) -> None:
        nonlocal started
        started += phase == "start" and info["generation"] in of

    gc.callbacks.append(count)
    try:
        body()
    finally:
        gc.callbacks.remove(count)
    return started


def allocate() -> list[list[int]]:
    return [[i] for i in range(50_000)]  # far past the youngest generation's threshold


def test_nothing_is_collected_while_a_model_loads_and_what_survives_is_frozen(
    unfrozen: None,
) -> None:
    assert collections_during(allocate) > 0, "the collector runs as usual outside a load"
    heap = LongLivedHeap()
    cycle = Node()
    cycle.other = Node()
    cycle.other.other = cycle
    gone = weakref.ref(cycle)
    with heap.loading():
        model: list[list[int]] = []
        assert collections_during(lambda: model.extend(allocate())) == 0
        del cycle
        assert gone() is not None, "a cycle dropped during the load waits for its end"
    assert gc.isenabled()
    assert gone() is None, "collected once the load is over"
    visited = collected()
    assert not any(id(m) in visited for m in model), "the model is out of later collections"


def test_a_load_that_fails_freezes_nothing_and_collects_again(unfrozen: None) -> None:
    with pytest.raises(RuntimeError), LongLivedHeap().loading():
        raise RuntimeError("the read model is unreachable")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_after_a_load_full_collections_come_as_if_the_frozen_model_were_not_there(
    unfrozen: None,
) -> None:
    """CPython waits for a full collection until a quarter as many objects as the last one kept
    have survived since. Were the model's 600,000 counted, 100,000 survivors would not be
    enough; the model frozen and not counted, they are."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        with LongLivedHeap().loading():
            model = [[i] for i in range(600_000)]
        survivors: list[list[int]] = []
        full = collections_during(lambda: survivors.extend([i] for i in range(100_000)), of=(2,))
    finally:
        gc.set_threshold(*before)
    assert len(model) == 600_000
    assert full > 0, "a full collection came"
