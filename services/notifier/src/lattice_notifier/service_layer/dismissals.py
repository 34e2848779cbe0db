"""A dismissed pair is not surfaced again unless the opening changed materially since."""

from __future__ import annotations

from collections.abc import Sequence

from lattice_notifier.domain.actions import material_terms
from lattice_notifier.domain.matching import Assessment
from lattice_notifier.domain.model import Opening
from lattice_notifier.service_layer.unit_of_work import NotifierUnitOfWork


async def not_dismissed(
    uow: NotifierUnitOfWork, matches: Sequence[tuple[Assessment, Opening]]
) -> list[tuple[Assessment, Opening]]:
    """``matches`` but the dismissed pairs whose opening's material terms are those the
    employee dismissed; a pair whose opening changed materially starts anew and is kept."""
    if not matches:
        return []
    dismissed = await uow.actions.dismissed_terms(
        [(a.employee_id, o.opening_id) for a, o in matches]
    )
    if not dismissed:
        return list(matches)
    kept, changed = [], []
    for a, o in matches:
        terms = dismissed.get((a.employee_id, o.opening_id))
        if terms is None:
            kept.append((a, o))
        elif terms != material_terms(o):
            kept.append((a, o))
            changed.append((a.employee_id, o.opening_id))
    await uow.actions.forget_dismissals(changed)
    return kept
