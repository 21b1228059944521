"""Access rules of the partner directory (issue #14): HEAD and UNIT_ADMIN manage, the case manager reads; every
other role 403; another unit's staff get their own list and 404 on Kukar's partner. The partner is one the unit
was seeded with; its agreement (with a document) is made once per test and cached on the personas object."""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

MANAGE_ROLES = ["HEAD", "UNIT_ADMIN"]
READ_ROLES = [*MANAGE_ROLES, "CASE_MANAGER"]


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.get("_partner_access")
    if cache is None:
        import datetime as dt

        from django.core.files.uploadedfile import SimpleUploadedFile

        from sigap.core.tests.files_samples import PDF
        from sigap.partners.models import Partner
        from sigap.partners.services import agreement_add, contact_add

        partner = Partner.objects.filter(unit=p.kukar).order_by("pk").first()
        agreement = agreement_add(
            actor=p["head"], partner=partner, kind="PKS", number="PKS/1/2026", valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2028, 1, 1), document=SimpleUploadedFile("pks.pdf", PDF),
        )  # fmt: skip
        contact = contact_add(actor=p["head"], partner=partner, name="Bripka Sari", position="Kanit PPA")
        cache = p.__dict__["_partner_access"] = {"partner": partner, "agreement": agreement, "contact": contact}
    return dict(cache)


def _partner(p: Any) -> dict[str, Any]:
    return {"partner_id": _get(p)["partner"].pk}


def _agreement(p: Any) -> dict[str, Any]:
    return {"partner_id": _get(p)["partner"].pk, "agreement_id": _get(p)["agreement"].pk}


READ = staff(READ_ROLES, other_unit=NOT_FOUND)
MANAGE = staff(MANAGE_ROLES, other_unit=NOT_FOUND)
MANAGE_POST = staff(MANAGE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND)

RULES = [
    Rule("partners:partner_list", staff(READ_ROLES)),
    Rule("partners:partner_add", staff(MANAGE_ROLES)),
    Rule("partners:partner_add", staff(MANAGE_ROLES), method="POST", data={}),  # the form's errors: 200
    Rule("partners:partner_detail", READ, kwargs=_partner),
    Rule("partners:partner_edit", MANAGE, kwargs=_partner),
    Rule("partners:contact_add", MANAGE, kwargs=_partner),
    Rule(
        "partners:contact_end",
        MANAGE_POST,
        method="POST",
        kwargs=lambda p: {**_partner(p), "contact_id": _get(p)["contact"].pk},
    ),
    Rule("partners:agreement_add", MANAGE, kwargs=_partner),
    Rule("partners:agreement_download", READ, kwargs=_agreement),
    Rule(
        "partners:agreement_go",
        staff(MANAGE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        kwargs=lambda p: {"agreement_id": _get(p)["agreement"].pk},
    ),
]
