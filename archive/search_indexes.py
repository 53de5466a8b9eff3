"""Haystack's view of an Article. The field values come from ``archive.search.documents``;
the field *types* (jieba words, character bigrams, keywords, days) are the engine's."""

from __future__ import annotations

from haystack import indexes
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier, get_model_ct

from archive.models import Article
from archive.search.documents import article_document
from archive.search.engine.index_fields import (
    ChineseGramsField,
    ChineseWordsField,
    DayField,
    KeywordField,
)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = ChineseWordsField(document=True)
    grams = ChineseGramsField()
    title_words = ChineseWordsField()
    title_grams = ChineseGramsField()
    ocr_words = ChineseWordsField()
    ocr_grams = ChineseGramsField()
    county = KeywordField()
    newspaper = KeywordField()
    date = DayField()
    year = KeywordField()
    page = KeywordField()
    kind = KeywordField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.with_context().order_by("pk")

    def get_updated_field(self) -> str:
        return "updated_at"

    def prepare(self, obj) -> dict:
        """Identity fields plus ``article_document`` (computed once, not once per field)."""
        data = {
            ID: get_identifier(obj),
            DJANGO_CT: get_model_ct(Article),
            DJANGO_ID: str(obj.pk),
        }
        data.update(article_document(obj))
        self.prepared_data = data
        return data
