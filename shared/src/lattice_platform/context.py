"""How configuration reaches a route, the same in every service: one typed context, built in the
service's ``bootstrap`` and handed to ``create_app``; a route takes it as a FastAPI dependency
(``Annotated[ServiceContext[MySettings, MyUnitOfWork], Depends(context_of)]``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from fastapi import Request

from lattice_platform.clock import Clock, utc_now
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.paging import PageSize
from lattice_platform.runtime import Runtime
from lattice_platform.settings import ServiceSettings
from lattice_platform.skills import Taxonomy, load_taxonomy

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
UnitOfWorkT = TypeVar("UnitOfWorkT")
Begin = Callable[[asyncpg.Pool, Outbox], AbstractAsyncContextManager[UnitOfWorkT]]


@dataclass(frozen=True)
class ServiceContext(Generic[SettingsT, UnitOfWorkT]):
    """What a service's routes need besides the request: its settings, the unit of work of a
    use case, the page sizes, the clock and the skills taxonomy."""

    runtime: Runtime
    settings: SettingsT
    begin: Begin[UnitOfWorkT]
    """Opens the service's unit of work on a pool and an outbox (``PostgresUnitOfWork.begin``)."""
    pages: PageSize
    clock: Clock = utc_now
    taxonomy: Taxonomy = field(default_factory=load_taxonomy)

    def unit_of_work(self) -> AbstractAsyncContextManager[UnitOfWorkT]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        return self.begin(self.runtime.pool, self.runtime.outbox)

    def connection(self) -> AbstractAsyncContextManager[PoolConnectionProxy[Any]]:
        """A connection for reads that need no transaction."""
        return self.runtime.pool.acquire()


def context_of(request: Request) -> ServiceContext[Any, Any]:
    """The service's context, as a FastAPI dependency."""
    context: ServiceContext[Any, Any] = request.app.state.context
    return context
