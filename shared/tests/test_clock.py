"""The platform clock: the wall clock, which only the dev stack may move, and only forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lattice_platform.clock import ClockFixedError, MovableClock, advance, movable, utc_now


def test_a_fixed_clock_is_the_wall_clock_and_refuses_to_move() -> None:
    clock = MovableClock()
    before = datetime.now(UTC)
    assert before <= clock() <= datetime.now(UTC)
    with pytest.raises(ClockFixedError):
        clock.advance(timedelta(days=1))
    assert clock() - datetime.now(UTC) < timedelta(seconds=1)


def test_a_movable_clock_moves_forward_and_never_back() -> None:
    clock = MovableClock(movable=True)
    before = datetime.now(UTC)
    moved = clock.advance(timedelta(days=14))
    assert before + timedelta(days=14) <= moved <= datetime.now(UTC) + timedelta(days=14)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(hours=-1))
    assert clock() - datetime.now(UTC) >= timedelta(days=13, hours=23)


def test_only_a_movable_clock_is_advanced_and_the_wall_clock_refuses() -> None:
    movable = MovableClock(movable=True)
    assert advance(movable, timedelta(days=2)) - datetime.now(UTC) >= timedelta(days=1, hours=23)
    with pytest.raises(ClockFixedError):
        advance(utc_now, timedelta(days=1))
    with pytest.raises(ClockFixedError):
        advance(MovableClock(), timedelta(days=1))


def test_a_movable_clock_catches_up_with_an_offset_ahead_and_ignores_one_behind() -> None:
    clock = MovableClock(movable=True)
    clock.advance(timedelta(days=3))
    assert clock.catch_up(timedelta(days=1)) - datetime.now(UTC) > timedelta(days=2, hours=23)
    assert clock.offset == timedelta(days=3)
    ahead = clock.catch_up(timedelta(days=5))
    assert ahead - datetime.now(UTC) > timedelta(days=4, hours=23)
    assert clock.offset == timedelta(days=5)
    assert movable(clock) is clock
    with pytest.raises(ClockFixedError):
        movable(MovableClock())
    with pytest.raises(ClockFixedError):
        MovableClock().catch_up(timedelta(days=1))
