from enum import Enum


class Track(str, Enum):
    INDIVIDUAL_CONTRIBUTOR = "individual_contributor"
    MANAGEMENT = "management"

    def __str__(self) -> str:
        return str(self.value)
