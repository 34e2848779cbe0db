from enum import Enum


class MoveKind(str, Enum):
    LATERAL = "lateral"
    PROMOTION = "promotion"
    TEMPORARY = "temporary"
    TRACK_SWITCH = "track_switch"

    def __str__(self) -> str:
        return str(self.value)
