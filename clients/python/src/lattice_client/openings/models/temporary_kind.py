from enum import Enum


class TemporaryKind(str, Enum):
    ACTING = "acting"
    PROJECT = "project"
    SECONDMENT = "secondment"
    STRETCH = "stretch"

    def __str__(self) -> str:
        return str(self.value)
