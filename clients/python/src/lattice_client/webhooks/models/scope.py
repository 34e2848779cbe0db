from enum import Enum


class Scope(str, Enum):
    EMPLOYEES = "employees"
    ORGANISATION = "organisation"

    def __str__(self) -> str:
        return str(self.value)
