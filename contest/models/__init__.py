from .audit import AuditEvent
from .contest import Category, Contest
from .entry import Credit, Entry
from .video import Upload, Video

__all__ = ["AuditEvent", "Category", "Contest", "Credit", "Entry", "Upload", "Video"]
