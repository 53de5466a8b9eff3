"""The staff admin (in Chinese): catalogue, pages and the article correction desk.

Importing the submodules registers their ModelAdmins with the default admin site.
"""

from archive.admin import articles, catalogue, pages, reports  # noqa: F401
