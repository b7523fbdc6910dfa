from .awards import Award, AwardPlacement, ResultNotice
from .jurors import Juror, JurorConflict, JurorInvitation
from .panels import PanelSeat
from .rounds import Assignment, Criterion, Round, RoundEntry, Score

__all__ = [
    "Assignment",
    "Award",
    "AwardPlacement",
    "Criterion",
    "Juror",
    "JurorConflict",
    "JurorInvitation",
    "PanelSeat",
    "ResultNotice",
    "Round",
    "RoundEntry",
    "Score",
]
