from enum import Enum


class Dimension(str, Enum):
    DEPARTMENT = "department"
    KIND = "kind"
    MONTH = "month"

    def __str__(self) -> str:
        return str(self.value)
