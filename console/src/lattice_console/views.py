"""What the pages say, computed from the services' answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lattice_console.pictures import BarChart, bar_chart


def visibility(profile: Mapping[str, Any]) -> str:
    """Who can see what, in plain words, from the person's own privacy settings."""
    privacy = profile.get("privacy") or {}
    found = (
        "You are discoverable: opportunities that fit are surfaced to you"
        if privacy.get("discoverable")
        else "You are not discoverable: no opportunity is surfaced to you"
    )
    manager = (
        "your manager sees your skills and role but not your career goals or that you are open "
        "to a move"
        if privacy.get("hide_mobility_from_manager")
        else "your manager sees your skills, role, career goals and whether you are open to a move"
    )
    return f"{found}. HR sees your whole profile; {manager}; other colleagues see nothing of it."


def figure_charts(
    fill_rate: Sequence[Mapping[str, Any]],
    time_to_fill: Sequence[Mapping[str, Any]],
    funnel: Sequence[Mapping[str, Any]],
    releases: Sequence[Mapping[str, Any]],
    baseline: float,
) -> dict[str, BarChart]:
    """``baseline``: the internal fill rate to beat, drawn as a line on the fill-rate chart."""
    stages = ("surfaced", "interested", "shortlisted", "offered", "placed")
    whole = funnel[0] if funnel else dict.fromkeys(stages, 0)
    return {
        "fill_rate": bar_chart(
            (
                (
                    row["month"],
                    row["internal_fill_rate"] or 0.0,
                    f"{(row['internal_fill_rate'] or 0.0):.0%} of {row['fills']}",
                )
                for row in fill_rate
            ),
            scale=1.0,
            baseline=baseline,
            baseline_text=f"baseline {baseline:.0%}",
        ),
        "time_to_fill": bar_chart(
            (row["month"], row["p50_days"], f"{row['p50_days']:.0f} days (median)")
            for row in time_to_fill
        ),
        "funnel": bar_chart((stage, whole[stage], str(whole[stage])) for stage in stages),
        "releases": bar_chart(
            (
                row["department"],
                row["given"],
                f"{row['given']} given, {row['received']} received",
            )
            for row in releases
        ),
    }
