from enum import Enum


class EnrolmentStatus(str, Enum):
    COMPLETED = "completed"
    ENROLLED = "enrolled"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
