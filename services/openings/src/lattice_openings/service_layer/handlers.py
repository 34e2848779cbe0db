"""Use cases: each runs in one unit of work; state and the events it publishes commit together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from lattice_platform.clock import Clock
from lattice_platform.contracts.topics import APPLICATIONS, OPENINGS_TOPIC, ROLES
from lattice_platform.skills import Taxonomy

from lattice_openings.adapters import wire
from lattice_openings.domain.common import Actor
from lattice_openings.domain.openings import (
    Opening,
    OpeningEnded,
    OpeningRequest,
    hiring_manager_for,
    resolve,
)
from lattice_openings.domain.roles import Role, checked_roles
from lattice_openings.service_layer.unit_of_work import OpeningsUnitOfWork


class RoleNotFoundError(LookupError):
    def __init__(self, role_id: str) -> None:
        super().__init__(f"role {role_id} not found")


class OpeningNotFoundError(LookupError):
    """No such opening, or not one the actor manages (the two are not told apart)."""

    def __init__(self, opening_id: str) -> None:
        super().__init__(f"opening {opening_id} not found")


async def create_opening(
    uow: OpeningsUnitOfWork, request: OpeningRequest, actor: Actor, taxonomy: Taxonomy
) -> Opening:
    manager = hiring_manager_for(request, actor)
    spec = resolve(request, manager, await _role_of(uow, request), taxonomy)
    opening = Opening(await uow.openings.next_id(), spec)
    await uow.openings.add(opening)
    return opening


async def revise_opening(
    uow: OpeningsUnitOfWork,
    opening_id: str,
    request: OpeningRequest,
    actor: Actor,
    taxonomy: Taxonomy,
    *,
    clock: Clock,
) -> Opening:
    opening = await managed_opening(uow, opening_id, actor)
    request = replace(
        request, hiring_manager_id=request.hiring_manager_id or opening.spec.hiring_manager_id
    )
    manager = hiring_manager_for(request, actor)
    opening.revise(resolve(request, manager, await _role_of(uow, request), taxonomy), clock())
    await save_opening(uow, opening)
    return opening


async def open_opening(
    uow: OpeningsUnitOfWork, opening_id: str, actor: Actor, *, clock: Clock
) -> Opening:
    opening = await managed_opening(uow, opening_id, actor)
    opening.open(clock())
    await save_opening(uow, opening)
    return opening


async def fill_opening(
    uow: OpeningsUnitOfWork, opening_id: str, actor: Actor, *, clock: Clock
) -> Opening:
    opening = await managed_opening(uow, opening_id, actor)
    opening.fill(clock())
    await save_opening(uow, opening)
    return opening


async def close_opening(
    uow: OpeningsUnitOfWork, opening_id: str, actor: Actor, *, clock: Clock
) -> Opening:
    opening = await managed_opening(uow, opening_id, actor)
    opening.close(clock())
    await save_opening(uow, opening)
    return opening


async def define_roles(
    uow: OpeningsUnitOfWork, roles: Sequence[Role], taxonomy: Taxonomy
) -> list[Role]:
    """Create or replace roles (with their outgoing paths); returns those that changed, each
    published as ``RoleDefined``. A batch is checked whole, together with the stored paths that
    lead into it: one bad role refuses them all."""
    referenced = {r.role_id for r in roles} | {p.to_role_id for r in roles for p in r.paths}
    known = await uow.roles.get_many(referenced)
    known |= await uow.roles.leading_to(r.role_id for r in roles)
    changed = [
        role for role in checked_roles(roles, known, taxonomy) if known.get(role.role_id) != role
    ]
    for role in changed:
        await uow.roles.upsert(role)
        await uow.publish(ROLES, wire.role_defined(role))
    return changed


async def _role_of(uow: OpeningsUnitOfWork, request: OpeningRequest) -> Role | None:
    if request.role_id is None:
        return None
    return (await uow.roles.get_many([request.role_id])).get(request.role_id)


async def managed_opening(uow: OpeningsUnitOfWork, opening_id: str, actor: Actor) -> Opening:
    opening = await uow.openings.get(opening_id)
    if opening is None or not opening.managed_by(actor):
        raise OpeningNotFoundError(opening_id)
    return opening


async def save_opening(uow: OpeningsUnitOfWork, opening: Opening) -> None:
    """Store the opening and publish its events; when it ends, every application still active
    ends with it (closed)."""
    await uow.openings.save(opening)
    for event in opening.events:
        await uow.publish(OPENINGS_TOPIC, wire.opening_event(event))
        if isinstance(event, OpeningEnded):
            await _close_applications(uow, opening, event.at)
    opening.events.clear()


async def _close_applications(uow: OpeningsUnitOfWork, opening: Opening, at: datetime) -> None:
    for application in await uow.applications.active_for(opening.opening_id):
        application.close(at)
        await uow.applications.save(application, at)
        for moved in application.events:
            await uow.publish(APPLICATIONS, wire.application_changed(moved, opening.spec))
