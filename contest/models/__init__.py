from .contest import Category, Contest
from .entry import Credit, Entry
from .material import EntryMaterial
from .question import Question
from .video import Upload, Video

__all__ = ["Category", "Contest", "Credit", "Entry", "EntryMaterial", "Question", "Upload",
           "Video"]
