"""Print a file's C2PA manifest store as JSON ("null" when it has none).

Run by ``credentials.read_content_credentials`` in a capped child: the C2PA parser is native
code reading an untrusted file, so it gets the same time and memory limits as FFmpeg. Imports
nothing from the project. Usage: ``python -I _c2pa_child.py MIME_TYPE PATH``.
"""

import sys


def main() -> int:
    mime, path = sys.argv[1], sys.argv[2]
    try:
        import c2pa
    except ImportError:
        print("null")
        return 0
    with open(path, "rb") as stream:
        reader = c2pa.Reader.try_create(mime, stream)
        if reader is None:
            print("null")
            return 0
        with reader:
            print(reader.json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
