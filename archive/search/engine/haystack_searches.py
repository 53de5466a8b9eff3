"""Haystack's search API on our engine: what differs from Haystack's own Whoosh backend.

``*`` matches everything, damage raises instead of answering, dates come back as dates,
``more_like_this`` takes its key terms from the object (our content field stores no text),
and spelling suggestions come from the index's words (see ``spelling``).
"""

from __future__ import annotations

import datetime

from whoosh import query as wq
from whoosh.qparser import QueryParser

from archive.search.engine.spelling import suggest_spelling


class EveryParser(QueryParser):
    """Haystack's query parser, with ``*`` (``SearchQuerySet().all()``) matching everything
    (Whoosh parses it in the content field, which matches nothing in ours)."""

    def parse(self, text, normalize=True, debug=False):
        if text.strip() in {"*", "*:*"}:
            return wq.Every()
        return super().parse(text, normalize=normalize, debug=debug)


class HaystackSearches:
    """Mixed into the backend (before Haystack's ``WhooshSearchBackend``)."""

    def search(self, query_string, **kwargs):
        with self.reading("searched"):
            self.searcher()  # raises if the index is missing or damaged
            found = super().search(query_string, **kwargs)
            # Haystack's Whoosh backend skips the suggestion when nothing matched, which is
            # when one is wanted most.
            if self.include_spelling and found.get("spelling_suggestion") is None:
                wanted = kwargs.get("spelling_query") or query_string
                found["spelling_suggestion"] = self.create_spelling_suggestion(wanted)
            return found

    def _process_results(self, raw_page, **kwargs):
        """Haystack's, with values of ``DateField`` fields as dates (Whoosh stores datetimes)."""
        from haystack import connections

        processed = super()._process_results(raw_page, **kwargs)
        unified = connections[self.connection_alias].get_unified_index()
        for result in processed["results"]:
            try:
                index = unified.get_index(result.model)
            except Exception:  # a model no longer indexed: nothing to convert
                continue
            for name, search_field in index.fields.items():
                value = getattr(result, name, None)
                if search_field.field_type == "date" and isinstance(value, datetime.datetime):
                    setattr(result, name, value.date())
        return processed

    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs):  # fmt: skip
        """Haystack's ``more_like_this``, with the key terms taken from the object's prepared
        text (our content field stores no text for Whoosh to read them from)."""
        from archive.search.engine.similar import more_like_this

        with self.reading("searched"):
            return more_like_this(
                self, model_instance, additional_query_string, start_offset, end_offset,
                models, limit_to_registered_models, result_class,
            )  # fmt: skip

    def create_spelling_suggestion(self, query_string):
        with self.reading():
            return suggest_spelling(self.searcher().reader(), self.content_field_name, query_string)
