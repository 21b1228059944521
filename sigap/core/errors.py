"""Error pages in the right layout: the public reporting pages (/lapor/) keep their own small layout,
with the quick exit and the emergency numbers, never the staff layout (a person at risk must not land
on a page that looks like an office system, with no way out)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

PUBLIC_PREFIX = "/lapor/"
PUBLIC_TEMPLATE = "errors/public_error.html"


def is_public_path(request: HttpRequest) -> bool:
    return request.path.startswith(PUBLIC_PREFIX)


def error_page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    """The error page of ``status``: ``template`` for staff pages, the public layout under /lapor/."""
    if is_public_path(request):
        return render(request, PUBLIC_TEMPLATE, {"status": status}, status=status)
    return render(request, template, {"status": status}, status=status)


def public_server_error_body(request_id: str) -> str:
    """The public 500 page, rendered without context processors (the session or database may be down)."""
    return loader.get_template(PUBLIC_TEMPLATE).render({"status": 500, "request_id": request_id})
