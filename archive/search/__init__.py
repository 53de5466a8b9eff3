"""Chinese full-text search: analysis, Whoosh/Elasticsearch backends, query language."""
