from enum import Enum


class CloseAsInOutcome(str, Enum):
    CANCELLED = "cancelled"
    FILLED_EXTERNALLY = "filled_externally"

    def __str__(self) -> str:
        return str(self.value)
