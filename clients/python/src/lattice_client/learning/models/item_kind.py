from enum import Enum


class ItemKind(str, Enum):
    CERTIFICATION = "certification"
    COACHING = "coaching"
    COURSE = "course"
    MENTORING = "mentoring"

    def __str__(self) -> str:
        return str(self.value)
