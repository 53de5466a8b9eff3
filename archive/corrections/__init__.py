"""Staff corrections of the archive, as plain functions (no HTTP).

- ``history``: revisions (django-reversion), revision counts, comparing and reverting.
- ``diff``: character-level differences that read well for Chinese.
- ``editing``: saving a correction with roles and optimistic locking.
- ``boundaries``: split, merge, move a paragraph, make a headline; undo.
- ``pages``: correcting a page's date, label and county.
- ``noise``: the OCR noise score ordering the review queue.
- ``hooks``: sanitize every stored text and keep the noise score current on save.
"""
