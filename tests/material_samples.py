"""Entry materials for tests and benchmarks, made in memory: valid files and hostile ones."""

import io
import struct
import zlib

from PIL import Image


def srt(cues: int = 20, *, text: str = "Hello there.", step_s: float = 2.0,
        encoding: str = "utf-8") -> bytes:
    return "".join(
        f"{i}\n{_ts(i * step_s)} --> {_ts(i * step_s + step_s * 0.8)}\n{text}\n\n"
        for i in range(1, cues + 1)).encode(encoding)


def _ts(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d},{rest % 1000:03d}"


def feature_srt(minutes: int = 90) -> bytes:
    """A feature's subtitles: a two-line cue every 3 s, like a dialogue-heavy film."""
    return srt(minutes * 20, text="I never said that.\nYou did, last night at the station.",
               step_s=3.0)


def image(fmt: str = "JPEG", size=(800, 600), *, exif_author: str = "",
          gps: bool = False) -> bytes:
    picture = Image.new("RGB", size, (40, 90, 160))
    for x in range(0, size[0], 7):  # some detail, so the encoders have work to do
        picture.putpixel((x, (x * 3) % size[1]), (250, 250, 10))
    out = io.BytesIO()
    kwargs = {}
    if exif_author or gps:
        exif = Image.Exif()
        if exif_author:
            exif[0x013B] = exif_author  # Artist
        if gps:
            exif[0x8825] = {1: "N", 2: (48.0, 51.0, 30.0), 3: "E", 4: (2.0, 17.0, 40.0)}
        kwargs["exif"] = exif
    picture.save(out, fmt, **kwargs)
    return out.getvalue()


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small valid PNG whose header claims ``width`` × ``height`` pixels."""
    data = bytearray(image("PNG", (64, 64)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_huge_exif(author: str = "Jane Doe", blocks: int = 40) -> bytes:
    """A JPEG carrying ``blocks`` APP1 segments of 64 KB each (2.5 MB of metadata)."""
    data = image("JPEG", (320, 240), exif_author=author, gps=True)
    filler = b"\xff\xe1" + struct.pack(">H", 65535) + b"Exif\x00\x00" + b"A" * 65527
    return data[:2] + filler * blocks + data[2:]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def polyglot() -> bytes:
    """A JPEG that is also a ZIP (an archive glued after the picture) with a script inside."""
    return image("JPEG", (200, 150)) + b"PK\x03\x04" + b"<script>alert(1)</script>" * 10


def pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (object i+1 is ``objects[i]``), with its xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R " % (len(objects) + 1, root) + trailer_extra
            + b">>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def _page_objects(pages: int, first: int) -> list[bytes]:
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    tree = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    return [tree] + [b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (first - 1)
                     for _ in range(pages)]


def plain_pdf(pages: int = 3, *, author: str = "Jane Doe") -> bytes:
    info = b"<< /Author (" + author.encode() + b") /Creator (Writer) >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", *_page_objects(pages, 3), info]
    return pdf(objects, trailer_extra=b"/Info %d 0 R " % len(objects))


def javascript_pdf() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *_page_objects(1, 3),
                b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])


def embedded_file_pdf() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
                *_page_objects(1, 3), b"<< /Names [(a.exe) 5 0 R] >>",
                b"<< /Type /Filespec /F (a.exe) >>"])


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def nested_pdf(depth: int = 100_000) -> bytes:
    """A catalog with an array nested ``depth`` levels deep (a parser's stack bomb)."""
    nested = b"[" * depth + b"]" * depth
    return pdf([b"<< /Type /Catalog /Pages 2 0 R /Deep " + nested + b" >>",
                *_page_objects(1, 3)])


def many_pages_pdf(pages: int = 200) -> bytes:
    """A document of ``pages`` pages with a line of text each (a script's size)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
