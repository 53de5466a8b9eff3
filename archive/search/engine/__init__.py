"""The storage engine: a generic Haystack backend over Whoosh for Chinese text.

Bytes on disk (``codec``, ``postings``), writing and merging (``writer``, ``verified_writes``,
``generations``, ``integrity``), analysis (``analyzer``, ``fields``, ``index_fields``,
``places``) and scoring (``ranking``, ``verbatim``, ``docsets``), behind ``backend``. It knows
no model and no query language: the archive's search service (``archive.search``) is built on
it, never the other way round.
"""
