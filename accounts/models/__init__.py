from .data_exports import DataExport
from .organisations import Membership, Organisation, TeamInvitation
from .users import TIME_ZONE_CHOICES, User

__all__ = [
    "TIME_ZONE_CHOICES", "DataExport", "Membership", "Organisation", "TeamInvitation", "User",
]
