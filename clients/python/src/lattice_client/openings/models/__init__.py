"""Contains all the data models used in inputs/outputs"""

from .advance_in import AdvanceIn
from .application_out import ApplicationOut
from .application_page import ApplicationPage
from .bulk_out import BulkOut
from .bulk_roles_json_role_batch_in import BulkRolesJsonRoleBatchIn
from .bulk_roles_json_role_batch_in_role_in import BulkRolesJsonRoleBatchInRoleIn
from .bulk_roles_json_role_in import BulkRolesJsonRoleIn
from .candidate_out import CandidateOut
from .candidate_out_explanation_type_0 import CandidateOutExplanationType0
from .candidate_page import CandidatePage
from .career_path_in import CareerPathIn
from .career_path_out import CareerPathOut
from .clock_out import ClockOut
from .close_as_in import CloseAsIn
from .close_as_in_outcome import CloseAsInOutcome
from .confidential_in import ConfidentialIn
from .confidential_out import ConfidentialOut
from .eligibility_in import EligibilityIn
from .eligibility_out import EligibilityOut
from .field_error import FieldError
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .managed_opening_page import ManagedOpeningPage
from .opening_closed_out import OpeningClosedOut
from .opening_in import OpeningIn
from .opening_kind import OpeningKind
from .opening_out import OpeningOut
from .opening_page import OpeningPage
from .opening_view import OpeningView
from .optional_skill_in import OptionalSkillIn
from .own_application_out import OwnApplicationOut
from .own_application_page import OwnApplicationPage
from .path_kind import PathKind
from .placement_out import PlacementOut
from .problem_details import ProblemDetails
from .reason_in import ReasonIn
from .release_count_out import ReleaseCountOut
from .release_count_page import ReleaseCountPage
from .release_out import ReleaseOut
from .release_page import ReleasePage
from .release_state import ReleaseState
from .required_skill_in import RequiredSkillIn
from .required_skill_out import RequiredSkillOut
from .role_defined_out import RoleDefinedOut
from .role_fields import RoleFields
from .role_out import RoleOut
from .role_page import RolePage
from .skill_level_in import SkillLevelIn
from .skill_level_out import SkillLevelOut
from .status import Status
from .temporary_kind import TemporaryKind
from .track import Track
from .transition_out import TransitionOut

__all__ = (
    "AdvanceIn",
    "ApplicationOut",
    "ApplicationPage",
    "BulkOut",
    "BulkRolesJsonRoleBatchIn",
    "BulkRolesJsonRoleBatchInRoleIn",
    "BulkRolesJsonRoleIn",
    "CandidateOut",
    "CandidateOutExplanationType0",
    "CandidatePage",
    "CareerPathIn",
    "CareerPathOut",
    "ClockOut",
    "CloseAsIn",
    "CloseAsInOutcome",
    "ConfidentialIn",
    "ConfidentialOut",
    "EligibilityIn",
    "EligibilityOut",
    "FieldError",
    "Health",
    "HealthProblemsType0",
    "ManagedOpeningPage",
    "OpeningClosedOut",
    "OpeningIn",
    "OpeningKind",
    "OpeningOut",
    "OpeningPage",
    "OpeningView",
    "OptionalSkillIn",
    "OwnApplicationOut",
    "OwnApplicationPage",
    "PathKind",
    "PlacementOut",
    "ProblemDetails",
    "ReasonIn",
    "ReleaseCountOut",
    "ReleaseCountPage",
    "ReleaseOut",
    "ReleasePage",
    "ReleaseState",
    "RequiredSkillIn",
    "RequiredSkillOut",
    "RoleDefinedOut",
    "RoleFields",
    "RoleOut",
    "RolePage",
    "SkillLevelIn",
    "SkillLevelOut",
    "Status",
    "TemporaryKind",
    "Track",
    "TransitionOut",
)
