"""Services that write.

entries.py (entry lifecycle), uploads.py and s3_uploads.py (resumable uploads),
upload_cleanup.py (abandoned uploads).
"""
