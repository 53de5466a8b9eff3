"""Caching reader pages: a site-wide content generation in every cache key, page and
conditional-GET decorators for the views, and the file cache used by default."""
