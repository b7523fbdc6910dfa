"""The API's JSON parser: a body nested too deeply is a 400, never a 500."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json.loads recurses once per nested array or object: "[" * 100000 exhausts it.
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
