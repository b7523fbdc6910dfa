"""Check a poster or still by decoding it, and re-encode it without metadata. Pure: no Django,
no project imports (it runs inside the capped child ``_material_child.py``).

Only JPEG, PNG and WebP are opened (Pillow's ``formats``), whatever the file is called: an
SVG or HTML page renamed ``.png`` is refused before any decoder runs. The declared size is
checked against the pixel limit before a pixel is decoded (a 50,000 × 50,000 PNG claims
7.5 GB of memory in a 50 KB file). The stored picture is a new encoding of the decoded pixels:
EXIF (author, GPS), XMP, comments and anything glued after the image data (a polyglot's
second life as a ZIP or a script) are not carried over.
"""

import io
import warnings
from dataclasses import dataclass, field

FORMATS = ("JPEG", "PNG", "WEBP")
# 40 MP is a full-frame camera's still; 64 MP leaves room for a medium-format poster.
MAX_PIXELS = 64_000_000
MAX_SIDE = 20_000
THUMBNAIL_SIDE = 480
_SAVE = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": False},
         "WEBP": {"quality": 90, "method": 4}}
SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class ImageResult:
    refusals: list[tuple[str, dict]] = field(default_factory=list)
    image: bytes = b""
    thumbnail: bytes = b""
    format: str = ""
    width: int = 0
    height: int = 0


def _refuse(result: ImageResult, code: str, **params) -> ImageResult:
    result.refusals.append((code, params))
    return result


def _open(data: bytes, result: ImageResult):
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except UnidentifiedImageError:
        return None
    return image


def check_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> ImageResult:
    """Decode ``data`` (JPEG, PNG or WebP) and re-encode it with a thumbnail, or refuse it."""
    from PIL import Image, ImageOps

    result = ImageResult()
    # Our own check below reads the header's size before any decoding and gives the
    # entrant the numbers; Pillow's would raise on open without them.
    Image.MAX_IMAGE_PIXELS = None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            image = _open(data, result)
        except (OSError, SyntaxError, ValueError, Warning):
            return _refuse(result, "image_damaged")
        if image is None:
            return _refuse(result, "image_not_allowed_type")
        result.format = image.format
        result.width, result.height = image.size
        if (result.width * result.height > max_pixels
                or max(image.size) > MAX_SIDE):
            return _refuse(result, "image_too_many_pixels", width=result.width,
                           height=result.height, max_megapixels=round(max_pixels / 1e6))
        try:
            image.verify()  # structure and checksums, without decoding the pixels
            image = _open(data, result)
            image.load()
            if getattr(image, "n_frames", 1) > 1:
                return _refuse(result, "image_animated")
            image = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError, MemoryError, Warning):
            return _refuse(result, "image_damaged")
    result.width, result.height = image.size
    result.image = _encode(image, result.format)
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    result.thumbnail = _encode(thumb, "WEBP")
    return result


def _encode(image, fmt: str) -> bytes:
    """The pixels alone: no ``exif``, ``xmp``, ``comment`` or ``icc_profile`` argument is
    passed, so Pillow writes none (the colour profile goes too: sRGB is what screens assume)."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    if fmt == "WEBP" and image.mode == "P":
        image = image.convert("RGBA")
    out = io.BytesIO()
    image.save(out, format=fmt, **_SAVE[fmt])
    return out.getvalue()
