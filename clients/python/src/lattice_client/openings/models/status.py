from enum import Enum


class Status(str, Enum):
    CLOSED = "closed"
    DRAFT = "draft"
    FILLED = "filled"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
