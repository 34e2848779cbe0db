from enum import Enum


class TimeToFillFormatType0(str, Enum):
    CSV = "csv"
    JSON = "json"

    def __str__(self) -> str:
        return str(self.value)
