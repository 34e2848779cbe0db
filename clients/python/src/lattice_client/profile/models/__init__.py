"""Contains all the data models used in inputs/outputs"""

from .create_user_response_401 import CreateUserResponse401
from .create_user_response_404 import CreateUserResponse404
from .create_user_response_409 import CreateUserResponse409
from .create_user_response_503 import CreateUserResponse503
from .delete_user_response_401 import DeleteUserResponse401
from .delete_user_response_404 import DeleteUserResponse404
from .delete_user_response_409 import DeleteUserResponse409
from .delete_user_response_503 import DeleteUserResponse503
from .employee_status import EmployeeStatus
from .field_error import FieldError
from .get_user_response_401 import GetUserResponse401
from .get_user_response_404 import GetUserResponse404
from .get_user_response_409 import GetUserResponse409
from .get_user_response_503 import GetUserResponse503
from .goals_in import GoalsIn
from .goals_view import GoalsView
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .import_out import ImportOut
from .list_users_response_401 import ListUsersResponse401
from .list_users_response_404 import ListUsersResponse404
from .list_users_response_409 import ListUsersResponse409
from .list_users_response_503 import ListUsersResponse503
from .mentoring_in import MentoringIn
from .move_kind import MoveKind
from .patch_user_response_401 import PatchUserResponse401
from .patch_user_response_404 import PatchUserResponse404
from .patch_user_response_409 import PatchUserResponse409
from .patch_user_response_503 import PatchUserResponse503
from .privacy_in import PrivacyIn
from .privacy_view import PrivacyView
from .problem_details import ProblemDetails
from .profile_page import ProfilePage
from .profile_view import ProfileView
from .rejected_row import RejectedRow
from .replace_user_response_401 import ReplaceUserResponse401
from .replace_user_response_404 import ReplaceUserResponse404
from .replace_user_response_409 import ReplaceUserResponse409
from .replace_user_response_503 import ReplaceUserResponse503
from .resource_type_response_401 import ResourceTypeResponse401
from .resource_type_response_404 import ResourceTypeResponse404
from .resource_type_response_409 import ResourceTypeResponse409
from .resource_type_response_503 import ResourceTypeResponse503
from .resource_types_response_401 import ResourceTypesResponse401
from .resource_types_response_404 import ResourceTypesResponse404
from .resource_types_response_409 import ResourceTypesResponse409
from .resource_types_response_503 import ResourceTypesResponse503
from .schema_response_401 import SchemaResponse401
from .schema_response_404 import SchemaResponse404
from .schema_response_409 import SchemaResponse409
from .schema_response_503 import SchemaResponse503
from .schemas_response_401 import SchemasResponse401
from .schemas_response_404 import SchemasResponse404
from .schemas_response_409 import SchemasResponse409
from .schemas_response_503 import SchemasResponse503
from .service_provider_config_response_401 import ServiceProviderConfigResponse401
from .service_provider_config_response_404 import ServiceProviderConfigResponse404
from .service_provider_config_response_409 import ServiceProviderConfigResponse409
from .service_provider_config_response_503 import ServiceProviderConfigResponse503
from .skill_in import SkillIn
from .skill_source import SkillSource
from .skill_view import SkillView
from .track import Track
from .webhook_accepted import WebhookAccepted

__all__ = (
    "CreateUserResponse401",
    "CreateUserResponse404",
    "CreateUserResponse409",
    "CreateUserResponse503",
    "DeleteUserResponse401",
    "DeleteUserResponse404",
    "DeleteUserResponse409",
    "DeleteUserResponse503",
    "EmployeeStatus",
    "FieldError",
    "GetUserResponse401",
    "GetUserResponse404",
    "GetUserResponse409",
    "GetUserResponse503",
    "GoalsIn",
    "GoalsView",
    "Health",
    "HealthProblemsType0",
    "ImportOut",
    "ListUsersResponse401",
    "ListUsersResponse404",
    "ListUsersResponse409",
    "ListUsersResponse503",
    "MentoringIn",
    "MoveKind",
    "PatchUserResponse401",
    "PatchUserResponse404",
    "PatchUserResponse409",
    "PatchUserResponse503",
    "PrivacyIn",
    "PrivacyView",
    "ProblemDetails",
    "ProfilePage",
    "ProfileView",
    "RejectedRow",
    "ReplaceUserResponse401",
    "ReplaceUserResponse404",
    "ReplaceUserResponse409",
    "ReplaceUserResponse503",
    "ResourceTypeResponse401",
    "ResourceTypeResponse404",
    "ResourceTypeResponse409",
    "ResourceTypeResponse503",
    "ResourceTypesResponse401",
    "ResourceTypesResponse404",
    "ResourceTypesResponse409",
    "ResourceTypesResponse503",
    "SchemaResponse401",
    "SchemaResponse404",
    "SchemaResponse409",
    "SchemaResponse503",
    "SchemasResponse401",
    "SchemasResponse404",
    "SchemasResponse409",
    "SchemasResponse503",
    "ServiceProviderConfigResponse401",
    "ServiceProviderConfigResponse404",
    "ServiceProviderConfigResponse409",
    "ServiceProviderConfigResponse503",
    "SkillIn",
    "SkillSource",
    "SkillView",
    "Track",
    "WebhookAccepted",
)
