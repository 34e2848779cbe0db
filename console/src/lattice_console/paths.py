"""My career paths: the roles that follow mine on the lattice (promotion, lateral move, track
switch), my gap to each, and the learning and mentors that close it. Read from the openings
service's job architecture, my profile, and the learning service, with my own token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lattice_console.app import _get, _page, _signed_in_session
from lattice_console.mobility import Refusal, _call, same_origin_only
from lattice_console.sessions import Session

KINDS = {"upward": "promotion", "lateral": "lateral move", "track_switch": "track switch"}
CATALOGUE_PER_SKILL = 5


@dataclass(frozen=True)
class SkillGap:
    skill_id: str
    held: int
    required: int


@dataclass(frozen=True)
class NextRole:
    role_id: str
    title: str
    kind: str
    grade: int
    track: str
    gaps: list[SkillGap]
    learning: list[Mapping[str, Any]]
    """Catalogue items that build a missing skill to the level the role asks for."""
    mentors: list[Mapping[str, Any]]
    """My mentor pairings towards this role."""
    aimed_at: bool
    """The role is one of my career goals (the learning service then pairs me with mentors)."""


def gaps_to(role: Mapping[str, Any], skills: Sequence[Mapping[str, Any]]) -> list[SkillGap]:
    """The skills of the role's profile I hold below the level it asks for, or not at all."""
    held = {s["skill_id"]: s["level"] for s in skills}
    return [
        SkillGap(need["skill_id"], held.get(need["skill_id"], 0), need["level"])
        for need in role["skill_profile"]
        if held.get(need["skill_id"], 0) < need["level"]
    ]


def closing(
    gaps: Sequence[SkillGap], items: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The items that build at least one missing skill to the level asked, each once."""
    short = {g.skill_id: g.required for g in gaps}
    found: dict[str, Mapping[str, Any]] = {}
    for item in items:
        if any(s["level"] >= short.get(s["skill_id"], 6) for s in item["skills"]):
            found.setdefault(item["item_id"], item)
    return list(found.values())


def routes(app: FastAPI) -> None:
    @app.get("/paths", response_class=HTMLResponse)
    async def my_career_paths(request: Request) -> Response:
        session = _signed_in_session(request)
        me = await _get(request, session, "profile", "/v1/me")
        if me["role_id"] is None:
            return _page(request, "paths.html", session, current=None, paths=[])
        current = await _get(request, session, "openings", f"/v1/roles/{me['role_id']}")
        pairings = (await _get(request, session, "learning", "/v1/me/mentoring"))["items"]
        goals = (me.get("goals") or {}).get("target_role_ids", [])
        paths = []
        for path in current["paths"]:
            role = await _get(request, session, "openings", f"/v1/roles/{path['to_role_id']}")
            gaps = gaps_to(role, me["skills"])
            items: list[Mapping[str, Any]] = []
            for gap in gaps:
                params = {"skill": gap.skill_id, "limit": CATALOGUE_PER_SKILL}
                items += (await _get(request, session, "learning", "/v1/catalogue", params))[
                    "items"
                ]
            paths.append(
                NextRole(
                    role_id=role["role_id"],
                    title=role["title"],
                    kind=KINDS.get(path["kind"], path["kind"]),
                    grade=role["grade"],
                    track=role["track"],
                    gaps=gaps,
                    learning=closing(gaps, items),
                    mentors=[p for p in pairings if p["target_role_id"] == role["role_id"]],
                    aimed_at=role["role_id"] in goals,
                )
            )
        return _page(request, "paths.html", session, current=current, paths=paths)

    @app.post("/paths/{role_id}/goal", dependencies=[Depends(same_origin_only)])
    async def aim_for(request: Request, role_id: str) -> Response:
        """Add the role to my career goals: the learning service then recommends for it and
        suggests mentors who hold it."""
        session = _signed_in_session(request)
        me = await _get(request, session, "profile", "/v1/me")
        goals = me.get("goals") or {}
        targets = goals.get("target_role_ids", [])
        if role_id not in targets:
            await _put_goals(
                request,
                session,
                {
                    "target_role_ids": [*targets, role_id],
                    "move_kinds": goals.get("move_kinds", []),
                    "willing_to_relocate": goals.get("willing_to_relocate", False),
                    "acceptable_locations": goals.get("acceptable_locations", []),
                },
            )
        return RedirectResponse("/paths", status.HTTP_303_SEE_OTHER)


async def _put_goals(request: Request, session: Session, goals: Mapping[str, Any]) -> None:
    answer = await _call(request, session, "profile", "PUT", "/v1/me/goals", body=goals)
    if isinstance(answer, Refusal):
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, f"the profile service refused the goal: {answer.lines}"
        )
