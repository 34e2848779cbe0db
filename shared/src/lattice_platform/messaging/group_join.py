"""One JoinGroup request per group join, whatever the number of assignors (aiokafka 0.14 sends one
per assignor).

aiokafka's ``CoordinatorGroupRebalance.perform_group_join`` sends its JoinGroup from inside the
loop over the assignors, so a consumer listing range and round robin joins twice in a row: first
offering range alone, then range and round robin (aio-libs/aiokafka pull request 1168, unreleased).
Apache Kafka takes the second request as a member changing its metadata while the group completes
its rebalance, and starts another one; the other member's SyncGroup is answered
REBALANCE_IN_PROGRESS and its rejoin does the same in turn. Two consumers started together can
pass the group back and forth like this for minutes (the broker logs "Updating metadata for member
... during CompletingRebalance" for each generation, alternately). Tansu does not compare the
metadata, so there it never showed.

``install()`` replaces the method with the same steps, the JoinGroup sent once with every
assignor's protocol. It refuses any other aiokafka release than the one it was written against:
an upgrade must be checked for the upstream fix (then this module goes) or the patch re-applied.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiokafka
from aiokafka import errors
from aiokafka.consumer.group_coordinator import CoordinatorGroupRebalance
from aiokafka.coordinator.protocol import ConsumerProtocol
from aiokafka.protocol.group import JoinGroupRequest

log = logging.getLogger("aiokafka.consumer.group_coordinator")  # where aiokafka logs the join

PATCHED_RELEASE = "0.14.0"


def install() -> None:
    """Make every consumer of this process join its group with a single JoinGroup request."""
    if aiokafka.__version__ != PATCHED_RELEASE:
        raise RuntimeError(
            f"lattice_platform.messaging.group_join patches aiokafka {PATCHED_RELEASE}, found "
            f"{aiokafka.__version__}: check whether it still sends one JoinGroup per assignor"
        )
    CoordinatorGroupRebalance.perform_group_join = perform_group_join


async def perform_group_join(self: Any) -> tuple[str, bytes] | None:
    """aiokafka 0.14's ``perform_group_join`` with the JoinGroup taken out of the assignor loop;
    every other step and every error case as there."""
    log.info("(Re-)joining group %s", self.group_id)
    response = await _join(self)
    if response is None:
        return None
    error_type = errors.for_code(response.error_code)
    if error_type is not errors.NoError:
        await _after_failed_join(self, error_type)
        return None
    coordinator = self._coordinator
    coordinator.member_id = response.member_id
    coordinator.generation = response.generation_id
    log.info(
        "Joined group '%s' (generation %s) with member_id %s",
        self.group_id,
        response.generation_id,
        response.member_id,
    )
    if response.leader_id == response.member_id:
        assignment = await self._on_join_leader(response)
    else:
        assignment = await self._on_join_follower()
    return None if assignment is None else (response.group_protocol, assignment)


async def _join(self: Any) -> Any:
    """The JoinGroup answer, offering every assignor's protocol at once; None if the connection
    failed (the coordinator lookup backs off and retries) or the subscription changed meanwhile."""
    coordinator = self._coordinator
    topics = self._subscription.topics
    protocols = []
    for assignor in self._assignors:
        metadata = assignor.metadata(topics)
        protocols.append(
            (assignor.name, metadata if isinstance(metadata, bytes) else metadata.encode())
        )
    while True:
        request = JoinGroupRequest(
            self.group_id,
            self._session_timeout_ms,
            self._rebalance_timeout_ms,
            coordinator.member_id,
            coordinator._group_instance_id,
            ConsumerProtocol.PROTOCOL_TYPE,
            protocols,
        )
        try:
            response = await coordinator._send_req(request)
        except errors.KafkaError:
            return None
        if not self._subscription.active:
            return None
        if errors.for_code(response.error_code) is not errors.MemberIdRequired:
            return response
        coordinator.member_id = response.member_id  # KIP-394: join again with the id given


async def _after_failed_join(self: Any, error_type: type[Exception]) -> None:
    """Prepare the next attempt, or raise what no attempt can fix."""
    coordinator = self._coordinator
    if error_type is errors.GroupLoadInProgressError:
        await asyncio.sleep(self._retry_backoff_ms / 1000)
    elif error_type is errors.UnknownMemberIdError:
        coordinator.reset_generation()
    elif error_type in (
        errors.GroupCoordinatorNotAvailableError,
        errors.NotCoordinatorForGroupError,
    ):
        coordinator.coordinator_dead()
    elif error_type in (
        errors.InconsistentGroupProtocolError,
        errors.InvalidSessionTimeoutError,
        errors.InvalidGroupIdError,
    ):
        log.error("Attempt to join group failed due to fatal error: %s", error_type())
        raise error_type()
    elif error_type is errors.GroupAuthorizationFailedError:
        raise error_type(self.group_id)
    else:
        log.error("Unexpected error in join group '%s' response: %s", self.group_id, error_type())
        raise errors.KafkaError(repr(error_type()))
