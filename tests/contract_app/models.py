"""A small model for testing the search engine through Haystack's API, outside the archive."""

from __future__ import annotations

from django.db import models


class Note(models.Model):
    author = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    body = models.TextField()
    pub_date = models.DateTimeField()
    published = models.DateField()
    rating = models.IntegerField(default=0)

    class Meta:
        app_label = "contract_app"

    def __str__(self) -> str:
        return self.title
