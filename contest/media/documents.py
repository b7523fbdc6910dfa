"""Check a PDF (press kit, script) and write a copy without its metadata. Pure: no Django, no
project imports (it runs inside the capped child ``_material_child.py``).

Refused: anything that is not a PDF, encrypted PDFs (we could not look inside), PDFs that
carry JavaScript, launch actions or embedded files, and PDFs whose object graph is nested
deeper or is larger than any real document's (a parser bomb). Every object reachable from the
trailer is walked iteratively, so nesting cannot exhaust the stack. The stored copy has no
document information dictionary (author, creator, producer) and no XMP metadata stream.
"""

import io
from dataclasses import dataclass, field

MAX_PAGES = 2_000
MAX_DEPTH = 64
MAX_OBJECTS = 500_000
# Keys that run code or carry other files: the document as a whole is refused.
_ACTIVE = {"/JS": "javascript", "/JavaScript": "javascript", "/Launch": "launch",
           "/EmbeddedFile": "embedded_file", "/EmbeddedFiles": "embedded_file",
           "/RichMedia": "embedded_file", "/XFA": "javascript"}


@dataclass
class DocumentResult:
    refusals: list[tuple[str, dict]] = field(default_factory=list)
    pdf: bytes = b""
    pages: int = 0


def _active_content(root) -> tuple[str, dict] | None:
    """The first reason the object graph under ``root`` is unsafe or too complex, or None."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [(root, 0)]
    walked = 0
    while stack:
        obj, depth = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        walked += 1
        if depth > MAX_DEPTH or walked > MAX_OBJECTS:
            return "document_too_complex", {}
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name in _ACTIVE:
                    return "document_active_content", {"what": _ACTIVE[name]}
                if name == "/S" and value in (NameObject("/JavaScript"), NameObject("/Launch")):
                    return "document_active_content", {"what": value[1:].lower()}
                if name != "/Parent":  # pages point back up: the walk goes down only
                    stack.append((value, depth + 1))
        elif isinstance(obj, ArrayObject):
            stack.extend((value, depth + 1) for value in obj)
    return None


def check_document(data: bytes, *, max_pages: int = MAX_PAGES) -> DocumentResult:
    """Open ``data`` as a PDF, refuse unsafe content and return a metadata-free copy."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    result = DocumentResult()
    if not data.lstrip()[:1024].find(b"%PDF-") >= 0:
        result.refusals.append(("document_not_pdf", {}))
        return result
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            result.refusals.append(("document_encrypted", {}))
            return result
        problem = _active_content(reader.trailer)
        if problem is not None:
            result.refusals.append(problem)
            return result
        result.pages = len(reader.pages)
        if result.pages > max_pages:
            result.refusals.append(("document_too_many_pages", {"pages": result.pages,
                                                                "max": max_pages}))
            return result
        if result.pages == 0:
            result.refusals.append(("document_damaged", {}))
            return result
        writer = PdfWriter(clone_from=reader)
        writer._info = None
        root = writer._root_object
        for holder in (root, *writer.pages):
            for key in ("/Metadata", "/PieceInfo"):
                if NameObject(key) in holder:
                    del holder[NameObject(key)]
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError):
        result.refusals.append(("document_damaged", {}))
        return result
    result.pdf = out.getvalue()
    return result
