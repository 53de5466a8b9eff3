"""Stock Haystack field types only, on the ``contract`` connection (see settings/test.py)."""

from __future__ import annotations

from haystack import indexes

from tests.contract_app.models import Note


class NoteIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=False)
    author = indexes.CharField(model_attr="author", faceted=True)
    title = indexes.CharField(model_attr="title", stored=True)
    title_auto = indexes.EdgeNgramField(model_attr="title")
    pub_date = indexes.DateTimeField(model_attr="pub_date")
    published = indexes.DateField(model_attr="published")
    rating = indexes.IntegerField(model_attr="rating")

    def get_model(self):
        return Note

    def prepare_text(self, obj) -> str:
        return f"{obj.title}\n{obj.body}"
