"""``/healthz`` for load balancers and monitors."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from archive.health import health_report


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(
        report, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False}
    )
