import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from contest.media import (
    MediaTimeout,
    MediaToolError,
    Reason,
    VideoRules,
    check_integrity,
    inspect,
    reason_text,
)
from contest.media.report import METADATA_KEYS
from contest.models import Contest


class Command(BaseCommand):
    help = (
        "Check a video file against a contest's technical rules (the default rules without "
        "--contest), exactly as the validation worker does: cheap checks, then a full decode. "
        "Exits 0 whatever the verdict; non-zero only when the check could not run."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The video file to check.")
        parser.add_argument("--contest", metavar="SLUG", help="Apply this contest's rules.")
        parser.add_argument("--filename", metavar="NAME",
                            help="The name the file was uploaded under (default: PATH's name).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            help="Language of the messages (default: %(default)s).")

    def handle(self, *args, path: str, contest: str | None, filename: str | None,
               json: bool, language: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        rules = self._rules(contest)
        with translation.override(language):
            try:
                result = validate(file, rules=rules, filename=filename or file.name)
            except MediaToolError as exc:
                raise CommandError(f"The check could not run: {exc}") from exc
            self.stdout.write(_as_json(result) if json else _as_text(result))

    def _rules(self, slug: str | None) -> VideoRules:
        if slug is None:
            return VideoRules()
        found = Contest.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"No contest with the slug {slug!r}.")
        return VideoRules.from_contest(found)


def validate(path: Path, *, rules: VideoRules, filename: str) -> dict:
    """Cheap checks, then the full decode only for a file they did not refuse."""
    report = inspect(path, rules=rules, filename=filename)
    reasons = list(report.reasons)
    if not reasons:
        try:
            reasons = check_integrity(path, metadata=report.metadata)
        except MediaTimeout:
            reasons = [Reason("too_slow_to_read", {})]
    return {
        "verdict": "invalid" if reasons else "valid",
        "reasons": [{"code": r.code, "message": reason_text(r.code, r.params)[0]}
                    for r in reasons],
        "metadata": {key: report.metadata.get(key) for key in METADATA_KEYS},
    }


def _as_json(result: dict) -> str:
    return json.dumps(result, indent=2)


def _as_text(result: dict) -> str:
    lines = [result["verdict"]]
    lines += [f"- {reason['message']} ({reason['code']})" for reason in result["reasons"]]
    lines += [f"  {key}: {value}" for key, value in result["metadata"].items()]
    return "\n".join(lines)
