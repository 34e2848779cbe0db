"""Contains all the data models used in inputs/outputs"""

from .dead_letter_row import DeadLetterRow
from .dead_letters import DeadLetters
from .department_releases_format_type_0 import DepartmentReleasesFormatType0
from .department_releases_row import DepartmentReleasesRow
from .dimension import Dimension
from .field_error import FieldError
from .fill_rate_format_type_0 import FillRateFormatType0
from .fill_rate_row import FillRateRow
from .funnel_format_type_0 import FunnelFormatType0
from .funnel_row import FunnelRow
from .health import Health
from .health_problems_type_0 import HealthProblemsType0
from .learning_path_row import LearningPathRow
from .manager_releases_format_type_0 import ManagerReleasesFormatType0
from .manager_releases_row import ManagerReleasesRow
from .near_miss_to_placement_format_type_0 import NearMissToPlacementFormatType0
from .opening_funnels_format_type_0 import OpeningFunnelsFormatType0
from .problem_details import ProblemDetails
from .table_department_releases_row import TableDepartmentReleasesRow
from .table_fill_rate_row import TableFillRateRow
from .table_funnel_row import TableFunnelRow
from .table_learning_path_row import TableLearningPathRow
from .table_manager_releases_row import TableManagerReleasesRow
from .table_time_to_fill_row import TableTimeToFillRow
from .time_to_fill_format_type_0 import TimeToFillFormatType0
from .time_to_fill_row import TimeToFillRow

__all__ = (
    "DeadLetterRow",
    "DeadLetters",
    "DepartmentReleasesFormatType0",
    "DepartmentReleasesRow",
    "Dimension",
    "FieldError",
    "FillRateFormatType0",
    "FillRateRow",
    "FunnelFormatType0",
    "FunnelRow",
    "Health",
    "HealthProblemsType0",
    "LearningPathRow",
    "ManagerReleasesFormatType0",
    "ManagerReleasesRow",
    "NearMissToPlacementFormatType0",
    "OpeningFunnelsFormatType0",
    "ProblemDetails",
    "TableDepartmentReleasesRow",
    "TableFillRateRow",
    "TableFunnelRow",
    "TableLearningPathRow",
    "TableManagerReleasesRow",
    "TableTimeToFillRow",
    "TimeToFillFormatType0",
    "TimeToFillRow",
)
