import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")
django_application = get_wsgi_application()

# Imported once Django is set up: kept reader pages are answered before Django runs.
from archive.caching.front import FrontDoor  # noqa: E402

application = FrontDoor(django_application)
