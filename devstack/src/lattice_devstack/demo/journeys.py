"""Journeys that play out live through the real services and broker, each with the outcomes a
person watching would check: who is surfaced what, who is not, what is withdrawn."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, MoveKind

from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.load import HRIS_SOURCE, hired, post_opening
from lattice_devstack.demo.observer import Observer

OPEN_AT_START = ("analytics-gig", "k8s-stretch", "acting-lead", "pm-opening")
HIRED_LIVE = ("noor",)
SETTLE_S = (
    2.0  # after the awaited event, how long more to wait before checking what must not happen
)


Fields = dict[str, object]


@dataclass
class Check:
    journey: str
    claim: str
    passed: bool
    detail: str = ""


@dataclass
class Scene:
    lattice: Lattice
    observer: Observer
    openings: dict[str, str]
    say: Callable[[str], None]
    checks: list[Check] = field(default_factory=list)
    journey: str = ""

    def id_of(self, cast_name: str) -> str:
        return self.lattice.org.cast[cast_name]

    async def expect(
        self, claim: str, kind: type[Event], fields: Fields, timeout_s: float = 30
    ) -> Event | None:
        """Record whether an event of ``kind`` with these ``fields`` arrives in time."""
        try:
            found = await self.observer.wait_for(kind, timeout_s, **fields)
        except TimeoutError as exc:
            self.checks.append(Check(self.journey, claim, False, str(exc)))
            return None
        self.checks.append(Check(self.journey, claim, True))
        return found

    def expect_none(self, claim: str, kind: type[Event], fields: Fields) -> None:
        """Record that no such event has been seen (call after the awaited one plus a settle)."""
        found = self.observer.events(kind, **fields)
        self.checks.append(
            Check(self.journey, claim, not found, f"found {found[:1]}" if found else "")
        )

    def verify(self, claim: str, passed: bool, detail: str = "") -> None:
        self.checks.append(Check(self.journey, claim, passed, detail))


def surfaced(scene: Scene, who: str, opening: str) -> Fields:
    return {"employee_id": scene.id_of(who), "opening_id": scene.openings[opening]}


async def hris_hire(scene: Scene) -> None:
    """The HRIS hires Noor; the profile service ingests her, and a remote analytics project that
    fits her skills is surfaced to her within seconds."""
    noor = scene.lattice.org.person("noor")
    now = datetime.now(UTC)
    await scene.lattice.publish(t.HRIS_INBOUND, hired(noor, now), HRIS_SOURCE)
    await scene.lattice.wait_for_profile(noor.employee_id)
    for skill, (level, used) in noor.skills.items():
        await scene.lattice.call(
            "PUT",
            "profile",
            "/v1/me/skills",
            scene.lattice.token_of(noor),
            json={"skill": skill, "level": level, "last_used_on": used.isoformat()},
        )
    found = await scene.expect(
        "the new hire is surfaced the analytics project",
        ev.OpportunitySurfaced,
        surfaced(scene, "noor", "analytics-gig"),
    )
    if isinstance(found, ev.OpportunitySurfaced):
        scene.verify("…as a temporary move", found.explanation.mobility_type is MoveKind.TEMPORARY)
    feed = await scene.lattice.call("GET", "notifier", "/v1/feed", scene.lattice.token_of(noor))
    scene.verify(
        "her HTTP feed lists it, with its explanation",
        any(i["opening_id"] == scene.openings["analytics-gig"] for i in feed["items"]),
    )


async def manager_posts_secondment(scene: Scene) -> None:
    """Marta posts a six-month platform secondment needing Kubernetes 3 (a must-have) and six
    months in role. Ben is surfaced it; Carla (opted out), Dev (2 months in role) and Marta
    herself are not."""
    marta = scene.lattice.org.person("marta")
    scene.openings["secondment"] = await post_opening(
        scene.lattice, scene.lattice.org.opening("secondment")
    )
    found = await scene.expect(
        "Ben is surfaced the secondment",
        ev.OpportunitySurfaced,
        surfaced(scene, "ben", "secondment"),
    )
    await asyncio.sleep(SETTLE_S)
    if isinstance(found, ev.OpportunitySurfaced):
        scene.verify(
            "…with Kubernetes among his matched skills",
            any(m.skill_id == "kubernetes" for m in found.explanation.matched_skills),
        )
        scene.verify(
            "…not flagged as a new skill (HR only recorded skills he had)",
            "uses_recent_skill" not in found.explanation.reasons,
            f"reasons {found.explanation.reasons}",
        )
    scene.expect_none(
        "Carla, who opted out, is not",
        ev.OpportunitySurfaced,
        surfaced(scene, "carla", "secondment"),
    )
    scene.expect_none(
        "Dev, 2 months in role, is not",
        ev.OpportunitySurfaced,
        surfaced(scene, "dev", "secondment"),
    )
    scene.expect_none(
        "Marta, the hiring manager, is not",
        ev.OpportunitySurfaced,
        {"employee_id": marta.employee_id, "opening_id": scene.openings["secondment"]},
    )
    ben_token = scene.lattice.token_of(scene.lattice.org.person("ben"))
    status = await scene.lattice.status_of(
        "notifier", f"/v1/feed/{scene.id_of('carla')}", ben_token
    )
    scene.verify("Ben cannot read Carla's feed", status in (403, 404), f"status {status}")


async def course_then_stretch(scene: Scene) -> None:
    """Ana finishes a Kubernetes course in the LMS: learning publishes skill-acquired, and the
    Kubernetes stretch assignment she was one must-have short of is surfaced to her, flagged as a
    chance to apply a new skill before it fades."""
    ana = scene.id_of("ana")
    await scene.lattice.publish(
        t.LMS_INBOUND,
        ev.LmsCompletionReported(
            completion_id=f"lms-{ana}-k8s-{uuid.uuid4().hex[:8]}",
            employee_id=ana,
            item_id="course-k8s-101",
            completed_at=datetime.now(UTC),
        ),
        "/lms/demo",
    )
    await scene.expect(
        "learning publishes Kubernetes level 3 for Ana",
        ev.SkillAcquired,
        {"employee_id": ana, "skill_id": "kubernetes"},
    )
    found = await scene.expect(
        "Ana is surfaced the stretch assignment",
        ev.OpportunitySurfaced,
        surfaced(scene, "ana", "k8s-stretch"),
    )
    if isinstance(found, ev.OpportunitySurfaced):
        scene.verify(
            "…because it uses her newly acquired skill",
            "uses_recent_skill" in found.explanation.reasons,
            f"reasons {found.explanation.reasons}",
        )


async def lateral_and_track_switch(scene: Scene) -> None:
    """A Senior Data Analyst role (grade 5) and an Engineering Manager role (grade 6, management
    track) open. Ben, a grade-5 engineer with the data skills, sees a lateral move; Ola, a grade-6
    staff engineer who wants to manage, sees a track switch that fits her career goal."""
    org = scene.lattice.org
    scene.openings["senior-analyst"] = await post_opening(
        scene.lattice, org.opening("senior-analyst")
    )
    scene.openings["em-opening"] = await post_opening(scene.lattice, org.opening("em-opening"))
    lateral = await scene.expect(
        "Ben is surfaced the analyst role",
        ev.OpportunitySurfaced,
        surfaced(scene, "ben", "senior-analyst"),
    )
    if isinstance(lateral, ev.OpportunitySurfaced):
        scene.verify(
            "…as a lateral move",
            lateral.explanation.mobility_type is MoveKind.LATERAL,
            str(lateral.explanation.mobility_type),
        )
    switch = await scene.expect(
        "Ola is surfaced the manager role",
        ev.OpportunitySurfaced,
        surfaced(scene, "ola", "em-opening"),
    )
    if isinstance(switch, ev.OpportunitySurfaced):
        scene.verify(
            "…as a track switch",
            switch.explanation.mobility_type is MoveKind.TRACK_SWITCH,
            str(switch.explanation.mobility_type),
        )
        scene.verify(
            "…that fits her career goal",
            "fits_career_goal" in switch.explanation.reasons,
            f"reasons {switch.explanation.reasons}",
        )


async def interest_to_placement(scene: Scene) -> None:
    """Ben expresses interest in the secondment; Marta, its hiring manager, shortlists him and
    offers it. Tomas, Ben's manager, is asked to release him and does not answer: once the
    deadline passes (the openings service's dev clock moves on) the release is automatic. Ben
    accepts, the move is published for the HRIS, the secondment leaves the feed, and HR's figures
    count an internal fill."""
    lattice, say = scene.lattice, scene.say
    ben, marta, tomas = (lattice.org.person(n) for n in ("ben", "marta", "tomas"))
    opening = scene.openings["secondment"]
    mine: Fields = {"employee_id": ben.employee_id, "opening_id": opening}
    feed = await lattice.call("GET", "notifier", "/v1/feed", lattice.token_of(ben))
    item = next((i for i in feed["items"] if i["opening_id"] == opening), None)
    scene.verify("the secondment is on Ben's feed", item is not None)
    if item is None:
        return
    say("  [bold]Ben[/bold] expresses interest in the secondment on his feed")
    await lattice.call(
        "POST",
        "notifier",
        f"/v1/feed/items/{item['opportunity_id']}/interest",
        lattice.token_of(ben),
        json={"note": "I ran our cluster upgrade last year."},
    )
    await scene.expect(
        "his interest reaches the hiring side",
        ev.ApplicationChanged,
        {**mine, "status": ev.ApplicationStatus.INTERESTED},
    )
    candidates = await lattice.call(
        "GET", "openings", f"/v1/openings/{opening}/candidates", lattice.token_of(marta)
    )
    first = candidates["items"][0] if candidates["items"] else {}
    scene.verify(
        "Marta sees Ben first among the candidates, interested",
        (first.get("employee_id"), first.get("status")) == (ben.employee_id, "interested"),
        str(first),
    )
    for step in ("shortlist", "offer"):
        what = "shortlists Ben" if step == "shortlist" else "offers him the secondment"
        say(f"  [bold]Marta[/bold] {what}")
        await lattice.call(
            "POST",
            "openings",
            f"/v1/openings/{opening}/candidates/{ben.employee_id}/{step}",
            lattice.token_of(marta),
        )
    asked = await scene.expect(
        "Tomas, Ben's manager, is asked to release him",
        ev.ReleaseRequested,
        {**mine, "manager_id": tomas.employee_id},
    )
    waiting = await lattice.call("GET", "openings", "/v1/release-requests", lattice.token_of(tomas))
    scene.verify(
        "…and finds the request among his own",
        any(r["employee_id"] == ben.employee_id and r["outcome"] is None for r in waiting["items"]),
        str(waiting),
    )
    early = await lattice.call(
        "POST", "openings", f"/v1/openings/{opening}/accept", lattice.token_of(ben), expect=409
    )
    scene.verify(
        "Ben cannot accept while the release is unanswered",
        "not answered" in str(early.get("detail")),
        str(early),
    )
    if isinstance(asked, ev.ReleaseRequested):
        say("  [bold]Tomas[/bold] does not answer; the openings clock moves past the deadline")
        now = await lattice.call("POST", "openings", "/v1/dev/clock", json={"days": 0})
        behind = asked.deadline - datetime.fromisoformat(now["now"])
        hours = max(behind.total_seconds() / 3600, 0) + 1
        await lattice.call("POST", "openings", "/v1/dev/clock", json={"hours": hours})
    await scene.expect(
        "the release is automatic at the deadline",
        ev.ReleaseDecided,
        {**mine, "outcome": ev.ReleaseOutcome.AUTOMATIC},
    )
    say("  [bold]Ben[/bold] accepts the offer")
    await lattice.call("POST", "openings", f"/v1/openings/{opening}/accept", lattice.token_of(ben))
    placed = await scene.expect("the move is published for the HRIS", ev.PlacementMade, mine)
    if isinstance(placed, ev.PlacementMade):
        spec = lattice.org.opening("secondment")
        scene.verify(
            "…a secondment in engineering, until the opening's end date",
            (placed.department, placed.ends_on) == ("engineering", spec.ends_on),
            f"{placed.department}, ends {placed.ends_on}",
        )
    await scene.expect("the secondment is withdrawn from Ben's feed", ev.OpportunityWithdrawn, mine)
    await _figures_show_the_fill(scene, opening, tomas.employee_id)


async def _figures_show_the_fill(scene: Scene, opening: str, manager_id: str) -> None:
    """Insights builds its figures from events: wait until they count the placement."""
    lattice = scene.lattice
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        fills = (await lattice.call("GET", "insights", "/v1/figures/fill-rate"))["items"]
        funnels = (await lattice.call("GET", "insights", "/v1/figures/funnel/openings"))["items"]
        funnel: dict[str, Any] = next((f for f in funnels if f["opening_id"] == opening), {})
        if (fills and fills[0]["internal_fills"] >= 1 and funnel.get("placed")) or (
            loop.time() > deadline
        ):
            break
        await asyncio.sleep(0.5)
    fill = fills[0] if fills else {}
    scene.say(
        f"  [bold]HR[/bold] reads the figures: internal fill rate {fill.get('internal_fill_rate')}"
        f" ({fill.get('internal_fills')} of {fill.get('fills')} fills); the secondment's funnel "
        + " → ".join(
            f"{stage} {funnel.get(stage)}"
            for stage in ("surfaced", "interested", "shortlisted", "offered", "placed")
        )
    )
    scene.verify(
        "the figures count an internal fill",
        fill.get("internal_fills", 0) >= 1 and fill.get("internal_fill_rate") == 1.0,
        str(fill),
    )
    scene.verify(
        "…and the secondment's funnel reaches placed",
        [funnel.get(s) for s in ("interested", "shortlisted", "offered", "placed")] == [1] * 4,
        str(funnel),
    )
    releases = (await lattice.call("GET", "insights", "/v1/figures/releases/managers"))["items"]
    mine: dict[str, Any] = next((r for r in releases if r["manager_id"] == manager_id), {})
    scene.verify("…and one automatic release for Tomas", mine.get("automatic") == 1, str(mine))


async def near_miss_to_learning(scene: Scene) -> None:
    """Eva is one must-have short of the analyst role (statistics 1 of 3): the notifier reports a
    near miss, learning recommends the statistics course for that opening, and when she sets the
    role as her goal, a mentor who holds it is suggested."""
    eva = scene.id_of("eva")
    await scene.expect(
        "the notifier reports Eva's near miss",
        ev.NearMissDetected,
        {"employee_id": eva, "opening_id": scene.openings["senior-analyst"]},
    )
    found = await scene.expect(
        "learning recommends what closes her gap",
        ev.LearningRecommended,
        {"employee_id": eva, "opening_id": scene.openings["senior-analyst"]},
    )
    if isinstance(found, ev.LearningRecommended):
        scene.verify(
            "…the statistics course",
            any(i.item_id == "course-stats" for i in found.items),
            str([i.item_id for i in found.items]),
        )
    await scene.lattice.call(
        "PUT",
        "profile",
        "/v1/me/goals",
        scene.lattice.token_of(eva),
        json={"target_role_ids": ["da-3"], "move_kinds": ["promotion"]},
    )
    mentor = await scene.expect(
        "a mentor is suggested for her goal", ev.MentorSuggested, {"employee_id": eva}
    )
    if isinstance(mentor, ev.MentorSuggested):
        holders = {
            p.employee_id
            for p in scene.lattice.org.people
            if p.role_id == "da-3" and p.mentor_opt_in
        }
        scene.verify(
            "…who holds the role and offered to mentor",
            mentor.mentor_id in holders,
            mentor.mentor_id,
        )
    scene.expect_none(
        "Eva herself is not surfaced the analyst role",
        ev.OpportunitySurfaced,
        surfaced(scene, "eva", "senior-analyst"),
    )


JOURNEYS: list[tuple[str, Callable[[Scene], Awaitable[None]]]] = [
    ("An HRIS hire", hris_hire),
    ("A manager posts a secondment", manager_posts_secondment),
    ("A course, a skill, a temporary assignment", course_then_stretch),
    ("A lateral move and a track switch", lateral_and_track_switch),
    ("From interest to placement", interest_to_placement),
    ("A near miss becomes learning and mentoring", near_miss_to_learning),
]
