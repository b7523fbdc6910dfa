"""Which contest texts have a column per language (django-modeltranslation registers them at
start-up); core.texts decides which one a reader sees."""

from modeltranslation.translator import TranslationOptions, register

from core import texts

from .models import Category, Contest, Question

CONTEST_TEXTS = ("name", "description", "rules_text")
CATEGORY_TEXTS = ("name", "description")
QUESTION_TEXTS = ("label", "help_text", "ineligible_message")


@register(Contest)
class ContestTexts(TranslationOptions):
    fields = CONTEST_TEXTS


@register(Category)
class CategoryTexts(TranslationOptions):
    fields = CATEGORY_TEXTS


@register(Question)
class QuestionTexts(TranslationOptions):
    fields = QUESTION_TEXTS


texts.install(Contest, CONTEST_TEXTS)
texts.install(Category, CATEGORY_TEXTS)
texts.install(Question, QUESTION_TEXTS)
