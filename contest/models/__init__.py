from .contest import Category, Contest
from .entry import Credit, Entry
from .video import Upload, Video

__all__ = ["Category", "Contest", "Credit", "Entry", "Upload", "Video"]
