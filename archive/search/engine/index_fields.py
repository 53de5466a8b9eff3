"""Haystack field classes for the Chinese engine: a ``SearchIndex`` declares what each field
is, and the engine's schema follows (no field names known in advance).

=====================  ================  ==================================================
field class            ``field_type``    indexed as
=====================  ================  ==================================================
``ChineseWordsField``  ``chinese_words`` jieba words with frequencies (BM25 ranking)
``ChineseGramsField``  ``chinese_grams`` character bigrams with positions (verbatim matches)
``KeywordField``       ``keyword``       one exact value, sortable (filters, facet counts)
``DayField``           ``day``           a date as the number 20230110, sortable (ranges)
=====================  ================  ==================================================

Other Haystack fields (``DateTimeField``, ``IntegerField`` …) get Haystack's stock Whoosh
mapping. Backends without these types (Elasticsearch) treat them as the Haystack field they
extend.
"""

from __future__ import annotations

from haystack import indexes


class ChineseWordsField(indexes.CharField):
    field_type = "chinese_words"


class ChineseGramsField(indexes.CharField):
    field_type = "chinese_grams"


class KeywordField(indexes.CharField):
    field_type = "keyword"


class DayField(indexes.DateField):
    field_type = "day"
