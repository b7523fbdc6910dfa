"""The demo's films: a handful of real short films, made with FFmpeg when the demo loads.

Each has its own picture (a different FFmpeg test source, colours and its title drawn on it)
and its own sound (different tones or noise), and goes through the real full stage
(``contest.media.decode_film``): the poster and the 720p preview jurors watch are made exactly
as for an uploaded film, and a film that would fail its checks stops the load. The three
laureates have their own films; the thousands of other demo entries share the rest, each video
row naming the same stored files (nothing is copied per entry).

The files are made once into ``var/demo-films/<recipe>/`` on this machine, where
``<recipe>`` is a hash of the recipes and of FFmpeg's version, and stored from there under
``demo/films/<recipe>/``: a second load (``--replace``) finds them and makes nothing.
"""

import hashlib
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from contest.media import VideoRules, decode_film, inspect
from contest.media.materials import check_material

from .subtitles import webvtt

RECIPES_VERSION = "1"
SECONDS = 10
SIZE = "1920x1080"
RATE = 24
FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                   "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")


@dataclass(frozen=True)
class DemoFilm:
    key: str
    title: str
    picture: str  # an FFmpeg lavfi source graph
    sound: str  # an FFmpeg lavfi audio source
    lines: tuple[str, ...]  # the English subtitles, spread evenly over the film


@dataclass(frozen=True)
class StoredFilm:
    """Storage names of one demo film, its derivatives, its subtitles and its probe."""

    key: str
    file: str
    poster: str
    preview: str
    subtitles: str
    metadata: dict
    subtitle_check: dict  # what the real subtitle check found in them (cues, encoding)


# Pictures are drawn small and scaled up to 1080p: the same films at a fraction of the cost
# of drawing every pixel (the load must stay quick); the titles are drawn at full size.
UP = f"scale={SIZE.replace('x', ':')}"
FILMS = (
    DemoFilm("alzheimer", "Alzheimer",
             f"gradients=s=480x270:r={RATE}:c0=0x3a2414:c1=0xd8b48a:c2=0x6b4a2e:speed=0.02,{UP}",
             "aevalsrc='0.25*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.25*t))"
             "+0.12*sin(2*PI*277.2*t)':s=48000:c=stereo",
             ("My mother kept the garden for forty years.",
              "Now she asks me whose house this is.",
              "Every morning I tell her the names of the roses.",
              "Every morning they are new to her.")),
    DemoFilm("bozulma", "BOZULMA (The Distortion)",
             f"life=s=96x54:r={RATE}:mold=8:ratio=0.2:life_color=0xd04030:"
             f"death_color=0x101010,{UP}:flags=neighbor",
             "anoisesrc=color=brown:amplitude=0.3:r=48000",
             ("The signal was clean when it left the city.",
              "Somewhere on the way, it learned to lie.",
              "What you see is what it chose to show you.")),
    DemoFilm("ghost-lap", "Ghost Lap",
             f"testsrc2=s=640x360:r={RATE},hue=h=200:s=0.6,{UP}",
             "aevalsrc='0.2*sin(2*PI*(330+40*sin(2*PI*0.5*t))*t)':s=48000:c=stereo",
             ("Lap forty-one. The stands are empty.",
              "The car in my mirror has no driver.",
              "It has been following me since lap one.")),
    DemoFilm("harbour", "Harbour Lights",
             f"gradients=s=480x270:r={RATE}:c0=0x0a1a3a:c1=0x2a6f97:c2=0xe0c068:speed=0.03,{UP}",
             "sine=frequency=392:sample_rate=48000",
             ("The last ferry leaves at nine.",
              "Nobody on board has a ticket home.",
              "The lights of the harbour go out one by one.")),
    DemoFilm("signal", "Test Signal",
             f"smptehdbars=s=640x360:r={RATE},{UP}",
             "sine=frequency=1000:sample_rate=48000",
             ("This is a test of the emergency broadcast.",
              "Please stay tuned. Please stay calm.",
              "This was only a test.")),
    DemoFilm("cells", "Small Lives",
             f"cellauto=s=192x108:r={RATE}:rule=110:random_fill_ratio=0.5,"
             f"{UP}:flags=neighbor,negate",
             "anoisesrc=color=pink:amplitude=0.15:r=48000",
             ("Rule one hundred and ten.",
              "Each cell looks only at its neighbours.",
              "And still, something like a story appears.")),
)
LAUREATE_FILMS = {"Alzheimer": "alzheimer", "BOZULMA (The Distortion)": "bozulma",
                  "Ghost Lap": "ghost-lap"}
SHARED_FILMS = tuple(film.key for film in FILMS if film.key not in LAUREATE_FILMS.values())


def recipe_key() -> str:
    """Changes with the recipes and with FFmpeg, whose encoders decide the bytes."""
    version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    text = repr((RECIPES_VERSION, SECONDS, SIZE, RATE, FILMS, version))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _font() -> str | None:
    return next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


def _picture_graph(film: DemoFilm) -> str:
    font = _font()
    if font is None:  # FFmpeg still draws the picture; only the title is missing
        return film.picture
    title = film.title.replace("'", "").replace(":", "\\:")
    return (f"{film.picture},drawtext=fontfile={font}:text='{title}':fontcolor=white:"
            "fontsize=96:borderw=4:x=(w-text_w)/2:y=h*0.72")


def make_source(film: DemoFilm, out: Path) -> None:
    """The film itself: 1080p H.264 and AAC in MP4, as an entrant would upload it."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"{_picture_graph(film)},trim=duration={SECONDS}",
         "-f", "lavfi", "-i", f"{film.sound},atrim=duration={SECONDS}",
         "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26",
         "-pix_fmt", "yuv420p", "-g", str(RATE * 2), "-c:a", "aac", "-b:a", "128k",
         "-movflags", "+faststart", "-shortest", str(out)],
        check=True,
    )


KINDS = ("film.mp4", "poster.jpg", "preview.mp4", "en.vtt")


def make_film(film: DemoFilm, folder: Path) -> None:
    """Make one film and its derivatives with the real pipeline into ``folder``."""
    with tempfile.TemporaryDirectory(dir=folder.parent) as work:
        source = Path(work) / "film.mp4"
        make_source(film, source)
        report = inspect(source, rules=VideoRules(), filename=source.name)
        if not report.is_valid:
            raise RuntimeError(f"demo film {film.key} refused: {report.reasons}")
        decoded = decode_film(source, metadata=report.metadata, work=Path(work))
        if decoded.reasons:
            raise RuntimeError(f"demo film {film.key} failed its decode: {decoded.reasons}")
        (Path(work) / "en.vtt").write_text(webvtt(film.lines, seconds=SECONDS), encoding="utf-8")
        # Renamed into place last, so a file in the folder is always a finished one.
        for kind, made in zip(KINDS, (source, decoded.poster, decoded.preview,
                                      Path(work) / "en.vtt"), strict=True):
            made.rename(folder / f"{film.key}-{kind}")


def store_film(film: DemoFilm, folder: Path, prefix: str) -> StoredFilm:
    """The film in storage (stored once: later loads find it there), made first if needed."""
    if not all((folder / f"{film.key}-{kind}").exists() for kind in KINDS):
        make_film(film, folder)
    names = {}
    for kind in KINDS:
        name = names[kind] = f"{prefix}/{film.key}-{kind}"
        if not default_storage.exists(name):
            with open(folder / f"{film.key}-{kind}", "rb") as handle:
                saved = default_storage.save(name, File(handle))
            if saved != name:  # another load stored it at the same moment
                default_storage.delete(saved)
    source = folder / f"{film.key}-film.mp4"
    metadata = inspect(source, rules=VideoRules(), filename=source.name).metadata
    return StoredFilm(film.key, *(names[kind] for kind in KINDS), metadata=metadata,
                      subtitle_check=check_subtitles(folder / f"{film.key}-en.vtt"))


def check_subtitles(path: Path) -> dict:
    """The entrants' subtitle check run on a demo film's subtitles: they are attached to
    entries as checked, so they must pass it; its findings are stored as a check's are."""
    with tempfile.TemporaryDirectory(dir=path.parent) as out:
        check = check_material("subtitle", path, Path(out), max_bytes=64 * 1024,
                               language="en", duration_s=SECONDS)
    if not check.ok:
        raise RuntimeError(f"demo subtitles {path.name} refused: {check.refusals}")
    data = path.read_bytes()
    return {"info": check.info, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def start_films(workers: int = 2) -> Future:
    """Make (or find) every demo film in the background; the Future gives {key: StoredFilm}.

    Started before the database rows are built: the films' FFmpeg runs use the cores while
    the load's Python and PostgreSQL work waits on each other.
    """
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_all_films, workers)
    pool.shutdown(wait=False)
    return future


def _all_films(workers: int) -> dict[str, StoredFilm]:
    recipe = recipe_key()
    folder = Path(settings.VAR_DIR) / "demo-films" / recipe
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        made = pool.map(lambda film: store_film(film, folder, f"demo/films/{recipe}"), FILMS)
        return {stored.key: stored for stored in made}


def attach_films(*, contests, laureates, films: dict[str, StoredFilm]) -> int:
    """Point the demo's video rows at the stored films; returns how many rows now have one.

    Each laureate's video gets its own film; every other video one of the shared films (by
    its entry id), all rows naming the same few stored files. Only accepted films get a
    poster and a preview, as validation would have made them.
    """
    from django.db.models import F

    from contest.enums import VideoStatus
    from contest.models import Video

    videos = Video.objects.filter(entry__contest__in=contests, is_current=True)
    for entry in laureates:
        film = films[LAUREATE_FILMS[entry.title_english]]
        videos.filter(entry=entry).update(file=film.file, poster=film.poster,
                                          preview=film.preview)
    others = videos.exclude(entry__in=laureates).annotate(slot=F("entry_id") % len(SHARED_FILMS))
    for slot, key in enumerate(SHARED_FILMS):
        film = films[key]
        mine = others.filter(slot=slot)
        mine.filter(status=VideoStatus.VALID).update(file=film.file, poster=film.poster,
                                                     preview=film.preview)
        mine.exclude(status=VideoStatus.VALID).update(file=film.file)
    attach_subtitles(videos, laureates=laureates, films=films)
    return videos.count()


def attach_subtitles(videos, *, laureates, films: dict[str, StoredFilm]) -> int:
    """Give every entry with an accepted film its film's English subtitles, checked: one
    material row per entry, all naming the film's one stored file. Returns the rows made."""
    from django.utils import timezone

    from contest.enums import MaterialKind, MaterialStatus, VideoStatus
    from contest.models import EntryMaterial

    key_of = {entry.pk: LAUREATE_FILMS[entry.title_english] for entry in laureates}
    now = timezone.now()
    rows = []
    for entry_id in videos.filter(status=VideoStatus.VALID).values_list("entry_id", flat=True):
        film = films[key_of.get(entry_id) or SHARED_FILMS[entry_id % len(SHARED_FILMS)]]
        check = film.subtitle_check
        rows.append(EntryMaterial(
            entry_id=entry_id, kind=MaterialKind.SUBTITLE, language="en",
            status=MaterialStatus.VALID, info=check["info"], file=film.subtitles,
            original_filename=f"{film.key}.en.vtt", size_bytes=check["size"],
            sha256=check["sha256"], validated_at=now))
    EntryMaterial.objects.filter(entry_id__in=[row.entry_id for row in rows],
                                 kind=MaterialKind.SUBTITLE, language="en").delete()
    EntryMaterial.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
