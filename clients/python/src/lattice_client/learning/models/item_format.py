from enum import Enum


class ItemFormat(str, Enum):
    BLENDED = "blended"
    CLASSROOM = "classroom"
    EXAM = "exam"
    GROUP = "group"
    ONE_TO_ONE = "one_to_one"
    ONLINE = "online"
    SELF_PACED = "self_paced"

    def __str__(self) -> str:
        return str(self.value)
