from .contest import Category, Contest
from .entry import Credit, Entry
from .material import EntryMaterial
from .video import Upload, Video

__all__ = ["Category", "Contest", "Credit", "Entry", "EntryMaterial", "Upload", "Video"]
