"""C2PA content credentials: the generator a file claims to come from (an AI model, a camera).

The claim is shown to organisers as information, never as a verdict: anyone can strip a
manifest, and a manifest signed by an unknown certificate proves little. The parser runs in a
capped child like FFmpeg (see ``_c2pa_child.py``). No manifest, an unsupported container (C2PA
has no WebM binding) or a missing library: ``None``.
"""

import json
import logging
import sys
from pathlib import Path

from .limits import GIB, run_capped
from .sniff import sniff_file

logger = logging.getLogger(__name__)
CHILD = str(Path(__file__).with_name("_c2pa_child.py"))
MIME_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "3gp": "video/mp4"}
TIMEOUT_S = 120.0


def read_content_credentials(path) -> dict | None:
    """{"generator": str, "manifest": dict} from the active manifest, or None."""
    mime = MIME_TYPES.get(sniff_file(path).kind)
    if mime is None:
        return None
    run = run_capped([sys.executable, "-I", CHILD, mime, str(path)],
                     timeout_s=TIMEOUT_S, memory_bytes=2 * GIB)
    if not run.ok:
        # A damaged or hostile manifest is the organisers' concern, not the entrant's.
        logger.warning("C2PA manifest unreadable: %s", run.stderr.strip()[-300:])
        return None
    store = json.loads(run.stdout or b"null")
    if not store:
        return None
    manifest = (store.get("manifests") or {}).get(store.get("active_manifest") or "")
    if not manifest:
        return None
    return {"generator": claimed_generator(manifest), "manifest": manifest}


def claimed_generator(manifest: dict) -> str:
    """The software agent of the creating action, else the claim generator's name and version."""
    for assertion in manifest.get("assertions") or []:
        if assertion.get("label", "").startswith("c2pa.actions"):
            for action in (assertion.get("data") or {}).get("actions") or []:
                agent = action.get("softwareAgent")
                if isinstance(agent, dict):
                    agent = " ".join(filter(None, (agent.get("name"), agent.get("version"))))
                if action.get("action") == "c2pa.created" and agent:
                    return str(agent)[:300]
    for info in manifest.get("claim_generator_info") or []:
        name = " ".join(filter(None, (info.get("name"), str(info.get("version") or ""))))
        if name:
            return name[:300]
    return str(manifest.get("claim_generator") or "")[:300]
