"""Contains all the data models used in inputs/outputs"""

from .answer_pairing_answer import AnswerPairingAnswer
from .completion_in import CompletionIn
from .enrol_in import EnrolIn
from .enrolment_out import EnrolmentOut
from .enrolment_status import EnrolmentStatus
from .field_error import FieldError
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .item_fields import ItemFields
from .item_format import ItemFormat
from .item_in import ItemIn
from .item_kind import ItemKind
from .item_out import ItemOut
from .page_enrolment_out import PageEnrolmentOut
from .page_item_out import PageItemOut
from .page_pairing_out import PagePairingOut
from .page_recommendation_out import PageRecommendationOut
from .pairing_out import PairingOut
from .post_statements_body_type_0 import PostStatementsBodyType0
from .post_statements_body_type_1_item import PostStatementsBodyType1Item
from .problem_details import ProblemDetails
from .recommendation_out import RecommendationOut
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
    "EnrolmentStatus",
    "FieldError",
    "Health",
    "HealthProblemsType0",
    "ItemFields",
    "ItemFormat",
    "ItemIn",
    "ItemKind",
    "ItemOut",
    "PageEnrolmentOut",
    "PageItemOut",
    "PagePairingOut",
    "PageRecommendationOut",
    "PairingOut",
    "PostStatementsBodyType0",
    "PostStatementsBodyType1Item",
    "ProblemDetails",
    "RecommendationOut",
    "SkillIn",
    "SkillOut",
    "StatementOutcome",
    "StatementOutcomeOutcome",
    "StatementsOutcome",
)
