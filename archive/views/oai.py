"""``/oai``: the OAI-PMH 2.0 endpoint (GET or POST), answered by :mod:`archive.oai.protocol`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.oai.protocol import Repository, handle


# Harvesters POST form-encoded requests without a CSRF token (protocol section 3.1.1); the
# endpoint only reads.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    repository = Repository(
        base_url=request.build_absolute_uri(request.path),
        absolute_url=request.build_absolute_uri,
        now=timezone.now().replace(microsecond=0),
    )
    body = handle({name: params.getlist(name) for name in params}, repository)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
