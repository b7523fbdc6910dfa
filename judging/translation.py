"""Which judging texts have a column per language (see contest/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from core import texts

from .models import Award, Criterion

CRITERION_TEXTS = ("name", "description")
AWARD_TEXTS = ("name",)


@register(Criterion)
class CriterionTexts(TranslationOptions):
    fields = CRITERION_TEXTS


@register(Award)
class AwardTexts(TranslationOptions):
    fields = AWARD_TEXTS


texts.install(Criterion, CRITERION_TEXTS)
texts.install(Award, AWARD_TEXTS)
