"""The upload form of one kind of entry material (subtitles take their language too)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import MaterialKind
from .languages import film_language_choices

ACCEPT = {MaterialKind.SUBTITLE: ".srt,.vtt,text/vtt,application/x-subrip",
          MaterialKind.POSTER: "image/jpeg,image/png,image/webp",
          MaterialKind.STILL: "image/jpeg,image/png,image/webp",
          MaterialKind.DOCUMENT: "application/pdf,.pdf"}


class MaterialUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    language = forms.ChoiceField(label=_("Language of the subtitles"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["file"].widget.attrs["accept"] = ACCEPT.get(kind, "")
        if kind == MaterialKind.SUBTITLE:
            self.fields["language"].required = True
            self.fields["language"].choices = [("", "—"), *(
                (code, name) for code, name in film_language_choices() if code != "zxx")]
        else:
            del self.fields["language"]
