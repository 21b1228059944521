"""Turn the partner agencies written as free text into partners of the directory (nothing written is lost).

Each plan item with ``provider_agency`` and each SHARING consent with ``agency`` gets the partner of its
case's unit whose name matches, case-insensitively and with spaces tidied; a name without a match becomes a
new partner of type OTHER (the unit sets its type and services later). The texts themselves stay as written.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def _tidy(name: str) -> str:
    return " ".join(name.split())[:200]


def link_partners(apps: Any, schema_editor: Any) -> None:
    Partner = apps.get_model("partners", "Partner")
    PlanItem = apps.get_model("cases", "PlanItem")
    Consent = apps.get_model("cases", "Consent")
    known: dict[tuple[int, str], int] = {}
    now = timezone.now()

    def partner_id(unit_id: int, text: str) -> int:
        name = _tidy(text)
        key = (unit_id, name.lower())
        if key not in known:
            found = Partner.objects.filter(unit_id=unit_id, name__iexact=name).values_list("pk", flat=True).first()
            if found is None:
                found = Partner.objects.create(unit_id=unit_id, name=name, kind="OTHER", created_at=now).pk
            known[key] = found
        return known[key]

    items = PlanItem.objects.filter(provider_partner__isnull=True).exclude(provider_agency="")
    for pk, unit_id, text in items.values_list("pk", "plan__case__unit_id", "provider_agency").iterator():
        if _tidy(text):
            PlanItem.objects.filter(pk=pk).update(provider_partner_id=partner_id(unit_id, text))
    consents = Consent.objects.filter(scope="SHARING", partner__isnull=True).exclude(agency="")
    for pk, unit_id, text in consents.values_list("pk", "case__unit_id", "agency").iterator():
        if _tidy(text):
            Consent.objects.filter(pk=pk).update(partner_id=partner_id(unit_id, text))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0020_plan_item_and_consent_name_a_partner"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_partners, migrations.RunPython.noop)]
