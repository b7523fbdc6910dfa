from .awards import Award, AwardPlacement, ResultNotice
from .jurors import Juror, JurorConflict, JurorInvitation
from .rounds import Assignment, Criterion, Round, RoundEntry, Score

__all__ = [
    "Assignment",
    "Award",
    "AwardPlacement",
    "Criterion",
    "Juror",
    "JurorConflict",
    "JurorInvitation",
    "ResultNotice",
    "Round",
    "RoundEntry",
    "Score",
]
