"""A checked film against changed rules, from what its first check stored: no file read.

The cheap stage (``validate.inspect``) stores the sniffed type and the probe's findings with the
video. The contest's technical rules (name, size, container, codec, displayed resolution,
duration) only compare those with limits, so applying new limits needs neither the file nor
FFmpeg: a re-check of thousands of films costs milliseconds each, and works the same whether
the files sit on this disk or in a bucket. What the rules cannot change (the file's type, a
hidden archive, a decoding error...) stays as it was found.
"""

from .checks import check_content, check_metadata, check_name, check_size
from .reasons import Reason
from .rules import VideoRules
from .sniff import Sniffed

# The reasons that depend on the contest's rules; every other reason is about the file itself.
RULE_CODES = frozenset({
    "extension_not_allowed", "file_too_large", "container_not_allowed",
    "video_codec_not_allowed", "resolution_too_low", "resolution_too_high", "too_short",
    "too_long",
})


def was_probed(metadata: dict) -> bool:
    """Whether the first check got as far as the probe (its findings are stored)."""
    return bool(metadata.get("video_streams")) and metadata.get("video_codec") is not None


def rule_reasons(metadata: dict, *, filename: str, rules: VideoRules) -> list[Reason] | None:
    """The reasons ``rules`` give against a film as stored in ``metadata``, in the order
    ``inspect`` finds them; None when the stored data cannot tell (the first check stopped
    before the probe, on a container the new rules now allow: the file must be probed)."""
    reasons = check_name(filename, rules) + check_size(int(metadata.get("size_bytes") or 0),
                                                       rules)
    sniffed = Sniffed(kind=metadata.get("sniffed") or "unknown",
                      detail=metadata.get("brand") or "")
    refused = check_content(sniffed, rules)
    if refused:
        return reasons + refused
    if not was_probed(metadata):
        return None
    return reasons + check_metadata(metadata, sniffed, rules)


def merge(stored: list[dict], fresh: list[Reason]) -> list[dict]:
    """The stored reasons about the file itself, then the rules' fresh ones."""
    kept = [reason for reason in stored if reason.get("code") not in RULE_CODES]
    return kept + [reason.as_dict() for reason in fresh if reason.code in RULE_CODES]
