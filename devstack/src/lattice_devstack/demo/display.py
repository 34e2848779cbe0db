"""Renders feed events for a person watching the demo."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import Envelope
from rich.console import RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def render(envelope: Envelope, names: Mapping[str, str]) -> RenderableType | None:
    """A panel or a line for the feed events a watcher cares about; None for the rest."""
    renderer = _RENDERERS.get(type(envelope.event))
    return renderer(envelope.event, lambda e_id: names.get(e_id, e_id)) if renderer else None


Who = Callable[[str], str]


def _withdrawn(e: ev.OpportunityWithdrawn, who: Who) -> Text:
    return Text(f"  ✗ withdrawn  {who(e.employee_id)} · {e.opening_id} ({e.reason})", style="red")


def _digest(e: ev.OpportunityDigested, who: Who) -> Text:
    return Text(
        f"  ✉ digest     {who(e.employee_id)} · {len(e.opening_ids)} more today", style="blue"
    )


def _near_miss(e: ev.NearMissDetected, who: Who) -> Text:
    short = ", ".join(
        f"{m.skill_id} {m.effective_level}/{m.required_level}" for m in e.missing_skills
    )
    return Text(
        f"  ~ near miss  {who(e.employee_id)} · {e.opening_id} (short: {short})", style="yellow"
    )


def _learning(e: ev.LearningRecommended, who: Who) -> Text:
    items = ", ".join(i.title for i in e.items) or "nothing in the catalogue"
    target = e.opening_id or e.target_role_id
    return Text(f"  📚 learning   {who(e.employee_id)} → {items} (unlocks {target})", style="cyan")


def _mentor(e: ev.MentorSuggested, who: Who) -> Text:
    pair = f"{who(e.employee_id)} ↔ {who(e.mentor_id)}"
    return Text(f"  🤝 mentor     {pair} (aims for {e.target_role_id})", style="magenta")


def _skill(e: ev.SkillAcquired, who: Who) -> Text:
    return Text(
        f"  ★ skill      {who(e.employee_id)} · {e.skill_id} → level {e.level}", style="green"
    )


def _surfaced(event: ev.OpportunitySurfaced, who_of: Who) -> Panel:
    who = who_of(event.employee_id)
    explanation = event.explanation
    table = Table.grid(padding=(0, 2))
    table.add_row("move", explanation.mobility_type.value.replace("_", " "))
    table.add_row("score", f"{explanation.score:.2f} (threshold {explanation.threshold:.2f})")
    matched = ", ".join(
        f"{m.skill_id} {m.effective_level}/{m.required_level}" + (" (stale)" if m.stale else "")
        for m in explanation.matched_skills
    )
    table.add_row("matched", matched or "—")
    missing = ", ".join(
        f"{m.skill_id} {m.effective_level}/{m.required_level}" for m in explanation.missing_skills
    )
    if missing:
        table.add_row("short of", missing)
    if explanation.reasons:
        table.add_row("why now", ", ".join(r.replace("_", " ") for r in explanation.reasons))
    kind = event.temporary_kind.value if event.temporary_kind else event.kind.value
    return Panel(
        table, title=f"✓ {who}: {event.title} · {kind}", title_align="left", border_style="green"
    )


def _application(e: ev.ApplicationChanged, who: Who) -> Text:
    return Text(f"  → applied    {who(e.employee_id)} · {e.title}: {e.status.value}", style="blue")


def _release_asked(e: ev.ReleaseRequested, who: Who) -> Text:
    return Text(
        f"  ? release    {who(e.manager_id)} is asked to release {who(e.employee_id)} "
        f"by {e.deadline:%a %d %b %Y}",
        style="yellow",
    )


def _release_decided(e: ev.ReleaseDecided, who: Who) -> Text:
    return Text(
        f"  ! release    {who(e.employee_id)}: {e.outcome.value} ({who(e.manager_id)})",
        style="yellow",
    )


def _placed(e: ev.PlacementMade, who: Who) -> Panel:
    """The move as the HRIS receives it on lattice.placements."""
    table = Table.grid(padding=(0, 2))
    kind = e.temporary_kind.value if e.temporary_kind else e.kind.value
    table.add_row("move", f"{kind} · grade {e.grade} · {e.track.value.replace('_', ' ')}")
    table.add_row("department", f"{e.from_department} → {e.department}")
    table.add_row("location", e.location or "remote")
    table.add_row("effective", e.effective_on.isoformat())
    if e.ends_on:
        table.add_row("ends", f"{e.ends_on.isoformat()} ({e.time_share_percent}% of time)")
    return Panel(
        table,
        title=f"⇄ PlacementMade for the HRIS: {who(e.employee_id)} · {e.opening_id}",
        title_align="left",
        border_style="cyan",
    )


_RENDERERS: dict[type[Event], Callable[[Any, Who], RenderableType]] = {
    ev.OpportunitySurfaced: _surfaced,
    ev.OpportunityWithdrawn: _withdrawn,
    ev.OpportunityDigested: _digest,
    ev.NearMissDetected: _near_miss,
    ev.LearningRecommended: _learning,
    ev.MentorSuggested: _mentor,
    ev.SkillAcquired: _skill,
    ev.ApplicationChanged: _application,
    ev.ReleaseRequested: _release_asked,
    ev.ReleaseDecided: _release_decided,
    ev.PlacementMade: _placed,
}
