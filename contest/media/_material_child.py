"""Check one entry material (subtitles, image, document) in a child process of its own.

Started by ``materials.check_material`` through ``limits.run_capped`` (memory, output size and
wall-clock limits, killed with its parent) as
``python -I _material_child.py KIND INPUT OUTPUT_DIR OPTIONS_JSON``. It imports the pure
checkers by path and nothing of Django, writes the derived files into OUTPUT_DIR and prints
one JSON line: ``{"refusals": [[code, params], ...], "files": {...}, "info": {...}}``.
Parsing hostile files in a child keeps a decoder's crash, runaway memory or endless loop
away from the worker.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _write(out_dir: str, name: str, data: bytes) -> str:
    with open(os.path.join(out_dir, name), "wb") as handle:
        handle.write(data)
    return name


def main() -> int:
    kind, source, out_dir, options = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    with open(source, "rb") as handle:
        data = handle.read(options["max_bytes"] + 1)
    files, info = {}, {}
    if kind == "subtitle":
        from subtitles import check_subtitles

        result = check_subtitles(data, language=options.get("language", ""),
                                 duration_s=options.get("duration_s"))
        if not result.refusals:
            files["file"] = _write(out_dir, "subtitles.vtt", result.webvtt.encode())
        info = {"cues": result.cues, "encoding": result.encoding, "format": result.format,
                "last_end_s": result.last_end_s}
    elif kind == "image":
        from images import SUFFIX, check_image

        result = check_image(data)
        if not result.refusals:
            files["file"] = _write(out_dir, f"image.{SUFFIX[result.format]}", result.image)
            files["thumbnail"] = _write(out_dir, "thumbnail.webp", result.thumbnail)
        info = {"format": result.format, "width": result.width, "height": result.height}
    elif kind == "document":
        from documents import check_document

        result = check_document(data)
        if not result.refusals:
            files["file"] = _write(out_dir, "document.pdf", result.pdf)
        info = {"pages": result.pages}
    else:
        return 2
    print(json.dumps({"refusals": result.refusals, "files": files, "info": info}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
