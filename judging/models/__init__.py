from .awards import Award, AwardPlacement, ResultNotice
from .jurors import Juror, JurorConflict, JurorInvitation
from .messages import BulkMessage
from .panels import PanelSeat
from .rounds import Assignment, Criterion, Round, RoundEntry, Score
from .votes import Ballot, FinalVote

__all__ = [
    "Assignment",
    "Award",
    "AwardPlacement",
    "Ballot",
    "BulkMessage",
    "Criterion",
    "FinalVote",
    "Juror",
    "JurorConflict",
    "JurorInvitation",
    "PanelSeat",
    "ResultNotice",
    "Round",
    "RoundEntry",
    "Score",
]
