from enum import Enum


class PathKind(str, Enum):
    LATERAL = "lateral"
    TRACK_SWITCH = "track_switch"
    UPWARD = "upward"

    def __str__(self) -> str:
        return str(self.value)
