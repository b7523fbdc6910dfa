"""Real video files made by FFmpeg for the tests, generated once and cached on disk.

``sample_path("valid_1080p")`` returns the path of a file made by the recipe of that name. Files
live under ``var/test-media/<key>/`` where the key covers the recipes and the FFmpeg version,
so a changed recipe or a new FFmpeg makes new files, and later test runs start instantly.
Clips are short (2–4 s), low bit rate and encoded with ``-preset ultrafast``.
"""

import hashlib
import io
import os
import random
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

RECIPES_VERSION = "1"
ROOT = Path(os.environ.get("MARQUEE_TEST_MEDIA", Path(__file__).resolve().parents[1] / "var"))
SECONDS = 4


def _ffmpeg(*args: str) -> None:
    # SVT_LOG=1: the AV1 encoder prints its banner unless told to keep to errors.
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True,
                   env={**os.environ, "SVT_LOG": "1"})


def _picture(size: str = "1920x1080", rate: int = 24, seconds: float = SECONDS,
             source: str = "testsrc2") -> list[str]:
    return ["-f", "lavfi", "-i", f"{source}=size={size}:rate={rate}:duration={seconds}"]


def _tone(seconds: float = SECONDS) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]


H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-pix_fmt", "yuv420p", "-g", "24"]
AAC = ["-c:a", "aac", "-b:a", "48k"]
FASTSTART = ["-movflags", "+faststart"]


def _h264(out: Path, size: str = "1920x1080", seconds: float = SECONDS, *extra: str,
          source: str = "testsrc2") -> None:
    _ffmpeg(*_picture(size, seconds=seconds, source=source), *_tone(seconds), *H264, *AAC,
            *FASTSTART, *extra, "-shortest", str(out))


def _valid_noaudio(out: Path) -> None:
    _ffmpeg(*_picture(), *H264, *FASTSTART, str(out))


def _portrait(out: Path) -> None:
    # Stored landscape, shown portrait: phones write a rotation instead of turning pixels.
    # FFmpeg 5.1 writes the display matrix from the rotate tag only when copying streams.
    _ffmpeg("-i", str(sample_path("valid_1080p")), "-c", "copy", "-metadata:s:v:0", "rotate=90",
            *FASTSTART, str(out))


def _vfr(out: Path) -> None:
    # First second at 30 fps, then every third frame: timestamps no longer evenly spaced.
    _ffmpeg(*_picture(rate=30), *_tone(), "-vf", r"select='lt(n\,30)+not(mod(n\,3))'",
            "-fps_mode", "vfr", *H264, *AAC, *FASTSTART, str(out))


def _webm_vp9(out: Path) -> None:
    _ffmpeg(*_picture(rate=12), *_tone(), "-c:v", "libvpx-vp9", "-deadline", "realtime",
            "-cpu-used", "8", "-row-mt", "1", "-b:v", "300k", "-c:a", "libopus", "-b:a", "48k",
            str(out))


def _matroska(out: Path) -> None:
    _ffmpeg(*_picture(), *_tone(), *H264, *AAC, "-f", "matroska", str(out))


def _prores(out: Path) -> None:
    _ffmpeg(*_picture(rate=12, seconds=3.5), *_tone(3.5), "-c:v", "prores_ks", "-profile:v", "0",
            "-c:a", "aac", "-b:a", "48k", "-shortest", str(out))


def _hevc(out: Path) -> None:
    _ffmpeg(*_picture(rate=12), *_tone(), "-c:v", "libx265", "-preset", "ultrafast",
            "-x265-params", "log-level=error", "-crf", "32", "-tag:v", "hvc1", *AAC,
            *FASTSTART, "-shortest", str(out))


def _mpeg4(out: Path) -> None:
    _ffmpeg(*_picture(rate=12), "-c:v", "mpeg4", "-q:v", "20", str(out))


def _huge_frame(out: Path) -> None:
    # 16000×16000: a few hundred KB that would cost gigabytes to decode.
    _ffmpeg("-f", "lavfi", "-i", "color=c=blue:size=16000x16000:rate=1:duration=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out))


def _cover_jpeg(directory: Path) -> Path:
    cover = directory / "cover.jpg"
    _ffmpeg("-f", "lavfi", "-i", "color=c=red:size=600x600", "-frames:v", "1", str(cover))
    return cover


def _cover_art_only(out: Path) -> None:
    # An audio track with a still cover picture: the picture is a "video" stream to FFmpeg.
    cover = _cover_jpeg(out.parent)
    _ffmpeg(*_tone(), "-i", str(cover), "-map", "0:a", "-map", "1:v", *AAC, "-c:v", "copy",
            "-disposition:v:0", "attached_pic", str(out))


def _valid_with_cover(out: Path) -> None:
    cover = _cover_jpeg(out.parent)
    _ffmpeg("-i", str(cover), "-i", str(sample_path("valid_1080p")), "-map", "0:v", "-map", "1:v",
            "-map", "1:a", "-c", "copy", "-disposition:v:0", "attached_pic",
            "-disposition:v:1", "default", str(out))


def _derived(source: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def make(out: Path) -> None:
        out.write_bytes(change(sample_path(source).read_bytes()))

    return make


def _as_webm_doctype(data: bytes) -> bytes:
    # FFmpeg's WebM muxer refuses H.264, so relabel a Matroska file: DocType "matroska" becomes
    # "webm" plus an EBML Void element, keeping every size in the header unchanged.
    doctype = b"\x42\x82\x88matroska"
    assert data.find(doctype) < 64
    return data.replace(doctype, b"\x42\x82\x84webm\xec\x82\x00\x00", 1)


def _truncate(data: bytes) -> bytes:
    # The index (moov) is at the front, so the file still probes fine.
    return data[: int(len(data) * 0.6)]


def _corrupt(data: bytes) -> bytes:
    garbage = random.Random(3)
    damaged = bytearray(data)
    for fraction in (0.45, 0.7):
        at = int(len(data) * fraction)
        damaged[at : at + 4096] = garbage.randbytes(4096)
    return bytes(damaged)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a film\n" * 100)
    return buffer.getvalue()


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda out: out.write_bytes(data)


def _c2pa_signed(out: Path) -> None:
    """valid_1080p with a C2PA manifest claiming an AI generator, signed by a throwaway CA."""
    import c2pa

    chain, key = _test_certificate_chain()
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, key, None))
    manifest = {
        "claim_generator_info": [{"name": "Marquee tests", "version": "1.0"}],
        "title": "film",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [{
            "action": "c2pa.created",
            "softwareAgent": {"name": "Example Video Model", "version": "2"},
            "digitalSourceType":
                "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        }]}}],
    }
    with c2pa.Builder(manifest) as builder:
        builder.sign_file(sample_path("valid_1080p"), out, signer)


def _test_certificate_chain() -> tuple[bytes, bytes]:
    """(leaf + CA certificates in PEM, leaf's PKCS#8 key): ES256, as C2PA signing requires."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Marquee tests")])

    def usage(*, sign_certs: bool) -> x509.KeyUsage:
        return x509.KeyUsage(digital_signature=True, content_commitment=False,
                             key_encipherment=False, data_encipherment=False,
                             key_agreement=False, key_cert_sign=sign_certs, crl_sign=sign_certs,
                             encipher_only=False, decipher_only=False)

    def certificate(subject, issuer, public_key, signing_key, *, ca: bool, extra=()):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(usage(sign_certs=ca), critical=True))
        for extension in extra:
            builder = builder.add_extension(extension, critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate(name("Test CA"), name("Test CA"), ca_key.public_key(), ca_key, ca=True)
    leaf = certificate(name("Test signer"), ca.subject, key.public_key(), ca_key, ca=False, extra=(
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
        x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
    ))
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + ca.public_bytes(pem)
    private = key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return chain, private


def _long_360p(out: Path, source: str = "testsrc2") -> None:
    # Long enough for the timeline fingerprint (media/timeline.py) to have seconds to match.
    _h264(out, "640x360", 20, source=source)


def _edited(source: str, *filters: str) -> Callable[[Path], None]:
    """A copy of ``source`` cut, rescaled or mirrored, encoded again at another quality."""
    def make(out: Path) -> None:
        _ffmpeg(*filters[:-1], "-i", str(sample_path(source)), "-vf", filters[-1], "-c:v",
                "libx264", "-preset", "ultrafast", "-crf", "34", "-pix_fmt", "yuv420p", *AAC,
                str(out))

    return make


HTML = b"<!DOCTYPE html>\n<html><head><title>film</title></head>\n<body><script>alert(1)</script>"

RECIPES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "valid_1080p": ("mp4", lambda out: _h264(out)),
    "valid_1080p_noaudio": ("mp4", _valid_noaudio),
    "other_1080p": ("mp4", lambda out: _h264(out, source="testsrc")),
    "low_720p": ("mp4", lambda out: _h264(out, "1280x720")),
    "portrait_rotated": ("mp4", _portrait),
    "vfr": ("mp4", _vfr),
    "webm_vp9": ("webm", _webm_vp9),
    "matroska_plain": ("webm", _matroska),
    "webm_h264": ("webm", _derived("matroska_plain", _as_webm_doctype)),
    "av1_mp4": ("mp4", lambda out: _ffmpeg(
        *_picture(rate=12), "-c:v", "libsvtav1", "-preset", "12", "-crf", "50",
        "-svtav1-params", "tune=0", *FASTSTART, str(out))),
    "prores_mov": ("mov", _prores),
    "hevc_mp4": ("mp4", _hevc),
    "mpeg4_part2": ("mp4", _mpeg4),
    "too_short": ("mp4", lambda out: _h264(out, "1920x1080", 2)),
    "truncated": ("mp4", _derived("valid_1080p", _truncate)),
    "corrupted": ("mp4", _derived("valid_1080p", _corrupt)),
    "not_video": ("mp4", _write(random.Random(7).randbytes(200_000))),
    "html_as_mp4": ("mp4", _write(HTML)),
    "zip_as_mp4": ("mp4", _write(_zip_bytes())),
    "mp4_with_zip": ("mp4", _derived("valid_1080p", lambda data: data + _zip_bytes())),
    "huge_frame": ("mp4", _huge_frame),
    "cover_art_only": ("mp4", _cover_art_only),
    "valid_with_cover": ("mp4", _valid_with_cover),
    "c2pa_signed": ("mp4", _c2pa_signed),
    "long_360p": ("mp4", _long_360p),
    # The first 3.4 s cut (a cut between two sampled instants), smaller, another quality.
    "long_360p_cut": ("mp4", _edited("long_360p", "-ss", "3.4", "scale=480:270")),
    # Mirrored left to right and its last 5 s cut.
    "long_360p_mirrored": ("mp4", _edited("long_360p", "-t", "15", "hflip")),
    "long_other_360p": ("mp4", lambda out: _long_360p(out, source="testsrc")),
    # The picture stops after 1 s while the sound runs 4 s: frames sampled late do not exist.
    "short_picture_long_sound": ("mp4", lambda out: _ffmpeg(
        *_picture("640x360", seconds=1), *_tone(), *H264, *AAC, *FASTSTART, str(out))),
    "black_360p": ("mp4", lambda out: _ffmpeg(
        "-f", "lavfi", "-i", "color=c=black:size=640x360:rate=24:duration=20", *H264, str(out))),
}


def _cache_dir() -> Path:
    version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    key = hashlib.sha256(f"{RECIPES_VERSION} {version}".encode()).hexdigest()[:12]
    return ROOT / "test-media" / key


_made: dict[str, Path] = {}


def sample_path(name: str) -> Path:
    """The cached file for recipe ``name``, generated on first use (atomically)."""
    if name in _made:
        return _made[name]
    suffix, make = RECIPES[name]
    directory = _cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{name}.{suffix}"
    if not final.exists():
        with tempfile.TemporaryDirectory(dir=directory) as work:
            partial = Path(work) / final.name
            make(partial)
            shutil.move(partial, final)
    _made[name] = final
    return final
