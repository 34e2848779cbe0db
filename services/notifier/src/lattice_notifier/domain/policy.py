"""Notification policy: who is told now, who waits for the digest, why something is withdrawn."""

from __future__ import annotations

from collections.abc import Sequence

from lattice_notifier.domain.matching import Assessment, Ineligible


class WithdrawalReason:
    OPENING_CLOSED = "opening_closed"
    EMPLOYEE_LEFT = "employee_left"
    OPTED_OUT = "opted_out"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"


def withdrawal_reason(ineligible: Ineligible) -> str:
    if ineligible is Ineligible.LEFT:
        return WithdrawalReason.EMPLOYEE_LEFT
    if ineligible is Ineligible.OPTED_OUT:
        return WithdrawalReason.OPTED_OUT
    return WithdrawalReason.NO_LONGER_ELIGIBLE


def split_by_daily_cap(
    new: Sequence[Assessment], surfaced_before_today: int, cap: int
) -> tuple[list[Assessment], list[Assessment]]:
    """One employee's new surfacings: the best ranked fill what is left of today's cap and are
    notified; the rest wait for the day's digest."""
    ranked = sorted(new, key=lambda a: (-a.rank, a.opening_id))
    room = max(cap - surfaced_before_today, 0)
    return ranked[:room], ranked[room:]
