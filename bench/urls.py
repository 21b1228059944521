"""The product's URLs plus ``/bench/ping/``: a minimal staff view through the same middleware stack.

It measures the framework's own cost per request (session, user, MFA, membership, access policy,
CSP …) with no query of its own, next to the real pages. Loaded only by bench.settings.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from sigap import urls as product_urls
from sigap.accounts.models import Role
from sigap.core.access import staff_view

handler400 = product_urls.handler400
handler403 = product_urls.handler403
handler404 = product_urls.handler404
handler500 = product_urls.handler500


@staff_view(Role.HEAD, Role.CASE_MANAGER)
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping, name="bench_ping"), *product_urls.urlpatterns]
