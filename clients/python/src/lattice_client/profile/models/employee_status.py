from enum import Enum


class EmployeeStatus(str, Enum):
    ACTIVE = "active"
    LEFT = "left"
    ON_LEAVE = "on_leave"

    def __str__(self) -> str:
        return str(self.value)
