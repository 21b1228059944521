"""``{% audit_history_url obj %}``: the link to an object's "who saw / changed this" page.

Show it only to users who may read the trail: ``{% if membership.can_read_audit %}``.
"""

from __future__ import annotations

from django import template
from django.db import models
from django.urls import reverse

register = template.Library()


@register.simple_tag
def audit_history_url(obj: models.Model) -> str:
    return reverse("audit:object_history", kwargs={"object_type": obj._meta.label_lower, "object_id": obj.pk})
