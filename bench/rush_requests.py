"""What an entrant sends in the deadline rush, shared by the load test and the profiler."""

import base64
import os
import struct

# An MP4 "free" box: size, type and 16 random bytes, which players and FFmpeg skip.
UNIQUE_BOX_BYTES = 24


def entry_payload(plan: dict) -> dict:
    """A complete entry in Japanese with its English fields, ready to submit."""
    return {
        "contest": plan["contest"], "category": plan["category"],
        "title_original": "締切の映画", "title_english": "Deadline film",
        "original_language": "ja", "synopsis_original": "あらすじ",
        "synopsis_english": "A synopsis.", "runtime_s": 180, "ai_tools": ["sora"],
        "rights_declared": True, "rules_consent": True,
        "credits": [{"name_native": "黒澤明", "name_latin": "Kurosawa Akira",
                     "role": "director", "country": "JP"}],
    }


def tus_metadata(**values) -> str:
    """The tus ``Upload-Metadata`` header: comma-separated keys with base64 values."""
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def unique_film(clip: bytes) -> bytes:
    """The same film with a different SHA-256: a ``free`` box appended at the top level."""
    return clip + struct.pack(">I4s", UNIQUE_BOX_BYTES, b"free") + os.urandom(16)
