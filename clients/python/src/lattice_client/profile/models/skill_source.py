from enum import Enum


class SkillSource(str, Enum):
    HRIS = "hris"
    LEARNING = "learning"
    MANAGER = "manager"
    SELF = "self"

    def __str__(self) -> str:
        return str(self.value)
