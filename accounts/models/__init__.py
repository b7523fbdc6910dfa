from .organisations import Membership, Organisation, TeamInvitation
from .users import TIME_ZONE_CHOICES, User

__all__ = ["TIME_ZONE_CHOICES", "Membership", "Organisation", "TeamInvitation", "User"]
