"""The clock, one for every service: use cases and routes take the time from a :data:`Clock`
(``utc_now`` in production), so tests can set it. Where deadlines and end dates have to be shown
without waiting for them, the dev stack runs a :class:`MovableClock` instead
(``LATTICE_DEV_CLOCK``): the wall clock that may be moved forward, never back. A service with more
than one replica keeps the offset in its database and has each replica :meth:`MovableClock.catch_up`
with it (the openings service does)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)


class ClockFixedError(PermissionError):
    """Moving the clock was asked of a service that does not run in the dev stack."""


class MovableClock:
    """A :data:`Clock`: wall-clock time plus an offset that only a movable clock lets grow (never
    shrink)."""

    def __init__(self, *, movable: bool = False) -> None:
        self.movable = movable
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self._offset

    def advance(self, by: timedelta) -> datetime:
        if not self.movable:
            raise ClockFixedError("the clock moves only in the dev stack (LATTICE_DEV_CLOCK)")
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        self._offset += by
        return self()

    @property
    def offset(self) -> timedelta:
        return self._offset

    def catch_up(self, offset: timedelta) -> datetime:
        """Take ``offset`` if it is ahead of this clock's (another replica moved the clock, or
        this one restarted); a clock never goes back, so an offset behind it changes nothing."""
        if offset > self._offset:
            if not self.movable:
                raise ClockFixedError("the clock moves only in the dev stack (LATTICE_DEV_CLOCK)")
            self._offset = offset
        return self()


def movable(clock: Clock) -> MovableClock:
    """The service's clock if it may be moved (the dev stack), else :class:`ClockFixedError`."""
    if not isinstance(clock, MovableClock) or not clock.movable:
        raise ClockFixedError("the clock moves only in the dev stack (LATTICE_DEV_CLOCK)")
    return clock


def advance(clock: Clock, by: timedelta) -> datetime:
    """Move a service's clock forward: only a movable :class:`MovableClock` moves, any other
    clock (``utc_now``) refuses with :class:`ClockFixedError`."""
    if not isinstance(clock, MovableClock):
        raise ClockFixedError("the clock moves only in the dev stack (LATTICE_DEV_CLOCK)")
    return clock.advance(by)
