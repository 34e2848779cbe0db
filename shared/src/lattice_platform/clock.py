"""The time use cases read. In production it is the wall clock; the dev stack and the tests may
move it forward (``LATTICE_DEV_CLOCK``) so that deadlines and end dates can be shown without
waiting for them. Nothing else can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class ClockFixedError(PermissionError):
    """Moving the clock was asked of a service that does not run in the dev stack."""


class Clock:
    """Wall-clock time plus an offset that only a movable clock lets grow (never shrink)."""

    def __init__(self, *, movable: bool = False) -> None:
        self.movable = movable
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, by: timedelta) -> datetime:
        if not self.movable:
            raise ClockFixedError("the clock moves only in the dev stack (LATTICE_DEV_CLOCK)")
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        self._offset += by
        return self()
