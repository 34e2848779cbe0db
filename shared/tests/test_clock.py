"""The platform clock: the wall clock, which only the dev stack may move, and only forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lattice_platform.clock import Clock, ClockFixedError


def test_a_fixed_clock_is_the_wall_clock_and_refuses_to_move() -> None:
    clock = Clock()
    before = datetime.now(UTC)
    assert before <= clock() <= datetime.now(UTC)
    with pytest.raises(ClockFixedError):
        clock.advance(timedelta(days=1))
    assert clock() - datetime.now(UTC) < timedelta(seconds=1)


def test_a_movable_clock_moves_forward_and_never_back() -> None:
    clock = Clock(movable=True)
    before = datetime.now(UTC)
    moved = clock.advance(timedelta(days=14))
    assert before + timedelta(days=14) <= moved <= datetime.now(UTC) + timedelta(days=14)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(hours=-1))
    assert clock() - datetime.now(UTC) >= timedelta(days=13, hours=23)
