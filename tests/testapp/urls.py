"""Test-only URLs (used with override_settings(ROOT_URLCONF=...)): a page that shows a person."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from sigap.core.access import public_view
from tests.testapp.models import SecretPerson

handler500 = "sigap.core.views.server_error"


@public_view
def secret_person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(SecretPerson, pk=pk)
    return HttpResponse(f"<p>{person.name}</p>")


urlpatterns = [path("secret-person/<int:pk>/", secret_person_page, name="secret_person_page")]
