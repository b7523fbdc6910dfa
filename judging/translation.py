"""Which judging texts have a column per language (see contest/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from core import texts

from .models import Award, BulkMessage, Criterion

CRITERION_TEXTS = ("name", "description")
AWARD_TEXTS = ("name",)
BULK_MESSAGE_TEXTS = ("subject", "body")


@register(Criterion)
class CriterionTexts(TranslationOptions):
    fields = CRITERION_TEXTS


@register(Award)
class AwardTexts(TranslationOptions):
    fields = AWARD_TEXTS


@register(BulkMessage)
class BulkMessageTexts(TranslationOptions):
    fields = BULK_MESSAGE_TEXTS


texts.install(Criterion, CRITERION_TEXTS)
texts.install(Award, AWARD_TEXTS)
texts.install(BulkMessage, BULK_MESSAGE_TEXTS)
