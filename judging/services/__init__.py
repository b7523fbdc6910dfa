"""Services that write: rounds.py, jurors.py, scoring.py, awards.py, publication.py."""
