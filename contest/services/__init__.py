"""Services that write: entries.py (entry lifecycle), validation.py (video verdicts), uploads.py (resumable uploads)."""
