from enum import Enum


class OpeningKind(str, Enum):
    ROLE = "role"
    TEMPORARY = "temporary"

    def __str__(self) -> str:
        return str(self.value)
