"""Contains all the data models used in inputs/outputs"""

from .dead_letter_out import DeadLetterOut
from .event_type_out import EventTypeOut
from .field_error import FieldError
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .page_dead_letter_out import PageDeadLetterOut
from .page_subscription_out import PageSubscriptionOut
from .problem_details import ProblemDetails
from .replay_in import ReplayIn
from .replayed import Replayed
from .scope import Scope
from .secret_rotated import SecretRotated
from .subscription_created import SubscriptionCreated
from .subscription_in import SubscriptionIn
from .subscription_out import SubscriptionOut

__all__ = (
    "DeadLetterOut",
    "EventTypeOut",
    "FieldError",
    "Health",
    "HealthProblemsType0",
    "PageDeadLetterOut",
    "PageSubscriptionOut",
    "ProblemDetails",
    "Replayed",
    "ReplayIn",
    "Scope",
    "SecretRotated",
    "SubscriptionCreated",
    "SubscriptionIn",
    "SubscriptionOut",
)
