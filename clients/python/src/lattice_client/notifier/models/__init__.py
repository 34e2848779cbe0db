"""Contains all the data models used in inputs/outputs"""

from .acted_out import ActedOut
from .dismiss_reason import DismissReason
from .dismissal_in import DismissalIn
from .explanation import Explanation
from .feed_entry import FeedEntry
from .feed_page import FeedPage
from .field_error import FieldError
from .gap_out import GapOut
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .interest_in import InterestIn
from .learning_out import LearningOut
from .move_kind import MoveKind
from .problem_details import ProblemDetails
from .skill_match import SkillMatch
from .why_not_me_out import WhyNotMeOut

__all__ = (
    "ActedOut",
    "DismissalIn",
    "DismissReason",
    "Explanation",
    "FeedEntry",
    "FeedPage",
    "FieldError",
    "GapOut",
    "Health",
    "HealthProblemsType0",
    "InterestIn",
    "LearningOut",
    "MoveKind",
    "ProblemDetails",
    "SkillMatch",
    "WhyNotMeOut",
)
