from enum import Enum


class AnswerPairingAnswer(str, Enum):
    ACCEPT = "accept"
    DECLINE = "decline"
    END = "end"

    def __str__(self) -> str:
        return str(self.value)
