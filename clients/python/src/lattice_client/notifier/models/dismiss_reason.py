from enum import Enum


class DismissReason(str, Enum):
    ALREADY_DISCUSSED = "already_discussed"
    LOCATION = "location"
    NOT_MY_DIRECTION = "not_my_direction"
    NOT_NOW = "not_now"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
