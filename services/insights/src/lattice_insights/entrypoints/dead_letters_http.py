"""Dead letters per topic over HTTP, for HR and service accounts only (anyone else: 403)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from lattice_platform.auth import Role, require
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.messaging.kafka import TopicNames, dead_letter_counts
from pydantic import BaseModel, Field

from lattice_insights.settings import InsightsSettings

Context = Annotated[ServiceContext[InsightsSettings, object], Depends(context_of)]

router = APIRouter(prefix="/v1", tags=["operations"], dependencies=[require(Role.HR, Role.SERVICE)])


class DeadLetterRow(BaseModel):
    topic: str = Field(description="The topic (as the catalogue names it) whose records failed.")
    dead_letter_topic: str = Field(description="Where they went, with the reason in a header.")
    count: int = Field(description="Dead letters the dead-letter topic holds (within retention).")


class DeadLetters(BaseModel):
    items: list[DeadLetterRow]


@router.get(
    "/dead-letters",
    summary="Dead letters held per topic, read from the dead-letter topics on the broker.",
)
async def dead_letters(context: Context) -> DeadLetters:
    counts = await dead_letter_counts(context.settings)
    names = TopicNames(context.settings.kafka_topic_prefix)
    return DeadLetters(
        items=[
            DeadLetterRow(topic=topic.name, dead_letter_topic=names.dead_letter(topic), count=n)
            for topic, n in counts.items()
        ]
    )
