from lattice_platform.settings import ServiceSettings, env
from pydantic import Field


class LearningSettings(ServiceSettings):
    service_name: str = "learning"
    http_port: int = Field(8003, validation_alias=env("HTTP_PORT"))
    mentor_capacity: int = Field(
        3,
        ge=1,
        validation_alias=env("LATTICE_LEARNING_MENTOR_CAPACITY"),
        description="Open pairings (suggested or accepted) a mentor takes at most.",
    )
    mentors_per_goal: int = Field(
        2,
        ge=1,
        validation_alias=env("LATTICE_LEARNING_MENTORS_PER_GOAL"),
        description="Mentors suggested for one employee and one target role.",
    )
    max_page_size: int = Field(100, ge=1, validation_alias=env("LATTICE_LEARNING_MAX_PAGE_SIZE"))
    xapi_activity_prefix: str = Field(
        "https://lattice.dev/xapi/catalogue/",
        min_length=1,
        validation_alias=env("LATTICE_LEARNING_XAPI_ACTIVITY_PREFIX"),
        description="xAPI activity ids are this prefix followed by a catalogue item id.",
    )
