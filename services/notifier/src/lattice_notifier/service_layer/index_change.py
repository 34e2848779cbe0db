"""The in-memory index's side of one transaction: what it stages is seen by matching at once,
reaches the index on commit, and is gone if the transaction is not. :class:`MatchingChange`
(``matching_change.py``) runs every use case's stage → save → re-match through it.

    async with IndexChange(index, uow) as change:
        change.put_opening(opening)      # staged: matching sees it from here on
        ...                              # save, match, publish
    # committed: the index holds it; the block raised or the transaction rolled back: it is gone

What a handler changes is staged in the index at once, so matching in this transaction and in the
other consumer sees it (of two concurrent changes, at least one sees the other). It reaches the
index proper only once the transaction commits. If the block raises, it is unstaged there and
then. If the transaction is rolled back after the block (a later event of the same batch failed,
or the commit did), nothing runs in this process to say so: each change records its PostgreSQL
transaction id, and the next change to begin asks PostgreSQL which staged transactions were
aborted and unstages theirs before it matches anything. The index never holds, nor lets anyone
match against, what the database did not keep.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import Employee, Opening


class Transaction(Protocol):
    """What an :class:`IndexChange` needs of the unit of work it belongs to."""

    def after_commit(self, callback: Callable[[], None]) -> None: ...

    async def transaction_id(self) -> str: ...

    async def aborted(self, transaction_ids: Collection[str]) -> set[str]: ...


@dataclass(frozen=True, eq=False)
class _Owner:
    """One change's claim on what it staged (compared by identity: two handlers of one batch
    share a transaction but each unstages only its own)."""

    transaction_id: str


class IndexChange:
    def __init__(self, index: MatchIndex, transaction: Transaction) -> None:
        self._index = index
        self._transaction = transaction
        self._owner: _Owner | None = None
        self._employees: dict[str, Employee | None] = {}  # None: removed
        self._openings: dict[str, Opening | None] = {}

    async def __aenter__(self) -> IndexChange:
        self._owner = _Owner(await self._transaction.transaction_id())
        await self._forget_aborted(self._owner)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        owner = self._claim()
        if exc_type is not None:
            self._index.unstage(owner)
        elif self._employees or self._openings:
            self._transaction.after_commit(self._apply)

    def put_employee(self, employee: Employee) -> None:
        """``employee`` as this transaction leaves them: seen by matching now, indexed on
        commit."""
        self._index.stage_employee(employee, self._claim())
        self._employees[employee.employee_id] = employee

    def remove_employee(self, employee_id: str) -> None:
        """Out of the index on commit (staged as last put until then)."""
        self._employees[employee_id] = None

    def put_opening(self, opening: Opening) -> None:
        self._index.stage_opening(opening, self._claim())
        self._openings[opening.opening_id] = opening

    def remove_opening(self, opening_id: str) -> None:
        self._openings[opening_id] = None

    def _apply(self) -> None:
        index = self._index
        index.unstage(self._claim())
        for employee_id, employee in self._employees.items():
            if employee is None:
                index.remove_employee(employee_id)
            else:
                index.put_employee(employee)
        for opening_id, opening in self._openings.items():
            if opening is None:
                index.remove_opening(opening_id)
            else:
                index.put_opening(opening)

    async def _forget_aborted(self, mine: _Owner) -> None:
        """Unstage what transactions rolled back after their change ended had staged."""
        others = {
            owner
            for owner in self._index.staging_owners()
            if isinstance(owner, _Owner) and owner.transaction_id != mine.transaction_id
        }
        if not others:
            return
        aborted = await self._transaction.aborted({o.transaction_id for o in others})
        for owner in others:
            if owner.transaction_id in aborted:
                self._index.unstage(owner)

    def _claim(self) -> _Owner:
        if self._owner is None:
            raise RuntimeError("an IndexChange is used inside its 'async with' block only")
        return self._owner
