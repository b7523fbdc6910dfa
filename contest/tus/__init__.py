"""The tus 1.0 resumable upload protocol: header parsing and body streaming, free of the database.

Services (``contest.services.uploads``) decide what an upload may do; this package only knows
the wire format (https://tus.io/protocols/resumable-upload) and how to copy a request body to a
file in small pieces.
"""
