"""The index's side of a transaction (:class:`IndexChange`), without a database: what is staged is
seen by matching at once, reaches the index on commit, and is gone if the transaction is not."""

from __future__ import annotations

from collections.abc import Callable, Collection

import pytest
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import MatchPolicy
from lattice_notifier.service_layer.index_change import IndexChange
from notifier_builders import TODAY, employee, opening


class FakeTransaction:
    """A transaction that commits or rolls back when the test says so."""

    def __init__(self, transaction_id: str, aborted: set[str]) -> None:
        self.id = transaction_id
        self._aborted = aborted
        self.callbacks: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        self.callbacks.append(callback)

    async def transaction_id(self) -> str:
        return self.id

    async def aborted(self, transaction_ids: Collection[str]) -> set[str]:
        return set(transaction_ids) & self._aborted

    def commit(self) -> None:
        for callback in self.callbacks:
            callback()

    def roll_back(self) -> None:
        self._aborted.add(self.id)


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex(MatchPolicy())


def opened(index: MatchIndex) -> list[str]:
    """The openings an employee who matches every baseline opening would be matched against."""
    return [o.opening_id for o in index.candidates_for_employee(employee(), TODAY)]


async def test_a_staged_opening_is_matched_at_once_and_indexed_on_commit(index: MatchIndex) -> None:
    tx = FakeTransaction("1", set())
    async with IndexChange(index, tx) as change:
        change.put_opening(opening("OP1"))
        assert opened(index) == ["OP1"]
    assert "OP1" not in index.openings

    tx.commit()

    assert "OP1" in index.openings
    assert opened(index) == ["OP1"]
    assert not index.staging_owners()


async def test_a_change_whose_block_raises_is_unstaged_there_and_then(index: MatchIndex) -> None:
    tx = FakeTransaction("1", set())

    async def failing_handler() -> None:
        async with IndexChange(index, tx) as change:
            change.put_opening(opening("OP1"))
            raise RuntimeError("the save failed")

    with pytest.raises(RuntimeError):
        await failing_handler()

    assert opened(index) == []
    assert not tx.callbacks
    assert not index.staging_owners()


async def test_a_transaction_rolled_back_after_the_block_is_forgotten_by_the_next_change(
    index: MatchIndex,
) -> None:
    """A later event of the batch failed: the callbacks never run, and the next change (the
    careful replay, or the other consumer) finds the transaction aborted before it matches."""
    aborted: set[str] = set()
    batch = FakeTransaction("1", aborted)
    async with IndexChange(index, batch) as change:
        change.put_opening(opening("OP1"))
    batch.roll_back()

    async with IndexChange(index, FakeTransaction("2", aborted)):
        assert opened(index) == []
    assert not index.staging_owners()


async def test_a_change_in_flight_stays_staged_for_the_next_change(index: MatchIndex) -> None:
    """The same batch's next event, or the other consumer while this one has not committed."""
    first = FakeTransaction("1", set())
    async with IndexChange(index, first) as change:
        change.put_opening(opening("OP1"))

    async with IndexChange(index, FakeTransaction("2", set())):
        assert opened(index) == ["OP1"]
    first.commit()
    assert "OP1" in index.openings


async def test_two_changes_of_one_batch_each_apply_their_own_in_order(index: MatchIndex) -> None:
    batch = FakeTransaction("1", set())
    async with IndexChange(index, batch) as change:
        change.put_employee(employee("E1", grade=5))
    async with IndexChange(index, batch) as change:
        change.put_employee(employee("E1", grade=6))
        change.put_opening(opening("OP1"))
    async with IndexChange(index, batch) as change:
        change.remove_opening("OP1")

    batch.commit()

    assert index.employees["E1"].profile is not None
    assert index.employees["E1"].profile.grade == 6
    assert "OP1" not in index.openings
    assert not index.staging_owners()
