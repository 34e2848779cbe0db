"""Contains all the data models used in inputs/outputs"""

from .answer_pairing_answer import AnswerPairingAnswer
from .completion_in import CompletionIn
from .enrol_in import EnrolIn
from .enrolment_out import EnrolmentOut
from .enrolment_page import EnrolmentPage
from .enrolment_status import EnrolmentStatus
from .field_error import FieldError
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .item_fields import ItemFields
from .item_format import ItemFormat
from .item_in import ItemIn
from .item_kind import ItemKind
from .item_out import ItemOut
from .item_page import ItemPage
from .pairing_out import PairingOut
from .pairing_page import PairingPage
from .post_statements_body_type_0 import PostStatementsBodyType0
from .post_statements_body_type_1_item import PostStatementsBodyType1Item
from .problem_details import ProblemDetails
from .recommendation_out import RecommendationOut
from .recommendation_page import RecommendationPage
from .skill_in import SkillIn
from .skill_out import SkillOut
from .statement_outcome import StatementOutcome
from .statement_outcome_outcome import StatementOutcomeOutcome
from .statements_outcome import StatementsOutcome

__all__ = (
    "AnswerPairingAnswer",
    "CompletionIn",
    "EnrolIn",
    "EnrolmentOut",
    "EnrolmentPage",
    "EnrolmentStatus",
    "FieldError",
    "Health",
    "HealthProblemsType0",
    "ItemFields",
    "ItemFormat",
    "ItemIn",
    "ItemKind",
    "ItemOut",
    "ItemPage",
    "PairingOut",
    "PairingPage",
    "PostStatementsBodyType0",
    "PostStatementsBodyType1Item",
    "ProblemDetails",
    "RecommendationOut",
    "RecommendationPage",
    "SkillIn",
    "SkillOut",
    "StatementOutcome",
    "StatementOutcomeOutcome",
    "StatementsOutcome",
)
