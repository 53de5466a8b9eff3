"""Haystack's ``more_like_this`` for our engine: key terms from the object's prepared text.

Whoosh's own version reads the document's text back from the index (stored text or term
vectors); our content field keeps neither (it would double the index), so the text comes from
the object, prepared as for indexing. Otherwise it behaves like Haystack's Whoosh backend:
model narrowing, an additional query, paging, the object itself left out.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.encoding import force_str
from haystack.constants import DJANGO_CT, ID
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as wq
from whoosh.searching import ResultsPage


def more_like_this(backend, model_instance, additional_query_string=None, start_offset=0,
                   end_offset=None, models=None, limit_to_registered_models=None,
                   result_class=None) -> dict:  # fmt: skip
    from haystack import connections

    if not backend.setup_complete:
        backend.setup()
    empty = {"results": [], "hits": 0, "spelling_suggestion": None}
    if limit_to_registered_models is None:
        limit_to_registered_models = getattr(settings, "HAYSTACK_LIMIT_TO_REGISTERED_MODELS", True)
    if models:
        model_choices = sorted(get_model_ct(model) for model in models)
    elif limit_to_registered_models:
        model_choices = backend.build_models_list()
    else:
        model_choices = []
    filters = []
    if model_choices:
        filters.append(wq.Or([wq.Term(DJANGO_CT, choice) for choice in model_choices]))
    if additional_query_string and additional_query_string != "*":
        filters.append(backend.parser.parse(force_str(additional_query_string)))

    unified = connections[backend.connection_alias].get_unified_index()
    index = unified.get_index(type(model_instance))
    text = index.full_prepare(model_instance).get(backend.content_field_name) or ""
    searcher = backend.searcher()
    if not searcher.doc_count() or not text.strip():
        return empty
    own = searcher.document_number(**{ID: get_identifier(model_instance)})
    mask = {own} if own is not None else None
    page_num, page_length = backend.calculate_page(start_offset, end_offset)
    key_terms = searcher.key_terms_from_text(backend.content_field_name, text, numterms=10)
    if not key_terms:
        return empty
    similar = wq.Or([wq.Term(backend.content_field_name, w, boost=b) for w, b in key_terms])
    query = wq.And([similar, *filters]) if filters else similar
    results = searcher.search(query, limit=None, mask=mask)
    try:
        raw_page = ResultsPage(results, page_num, page_length)
    except ValueError:
        return empty
    if raw_page.pagenum < page_num:
        return empty
    return backend._process_results(raw_page, result_class=result_class)
