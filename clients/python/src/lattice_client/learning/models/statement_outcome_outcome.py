from enum import Enum


class StatementOutcomeOutcome(str, Enum):
    IGNORED = "ignored"
    RECORDED = "recorded"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
