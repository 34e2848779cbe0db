"""The hand-written part of the generated client: ``answer`` tells a success from a refusal."""

from __future__ import annotations

import pytest
from lattice_client import RefusedError, UndescribedAnswerError, answer
from lattice_client.notifier.models import FeedPage, ProblemDetails


def test_answer_gives_the_success_and_raises_the_refusal_or_an_undescribed_status() -> None:
    page = FeedPage(items=[], next_cursor=None)
    assert answer(page) is page
    problem = ProblemDetails.from_dict(
        {
            "type": "urn:lattice:problem:forbidden",
            "title": "Forbidden",
            "status": 403,
            "detail": "requires one of: hr",
            "instance": "/v1/feed/E1",
        }
    )
    with pytest.raises(RefusedError, match="403 Forbidden: requires one of: hr") as refused:
        answer(problem)
    assert refused.value.problem is problem
    with pytest.raises(UndescribedAnswerError):
        answer(None)
