"""The case page's attachment panel (``templates/assistance/_case_attachments.html``).

A tag, so that the case page includes the panel without its view knowing about attachments (the case
file is a floor below this app): two queries, the reader facts and the latest attachments with the count.
"""

from __future__ import annotations

from typing import Any

from django import template

from sigap.assistance.selectors.attachment import attachments_of, reader_for

register = template.Library()
PANEL_SIZE = 5


@register.simple_tag(takes_context=True)
def case_attachments_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """The count and the latest attachments of ``case`` the requesting user may read (removed ones left out)."""
    user = context["request"].user
    reader = reader_for(user, case)
    current = attachments_of(user, case, reader=reader).filter(removed_at__isnull=True)
    latest = list(current[: PANEL_SIZE + 1])
    count = len(latest) if len(latest) <= PANEL_SIZE else current.count()
    return {"count": count, "latest": latest[:PANEL_SIZE], "can_upload": reader.can_upload}
