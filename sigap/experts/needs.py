"""What profession a case needs: the choices of the team page's "Profession needed" and the service map.

A need is a set of professions that can meet it. Psychological services (``PSIKOLOGIS``) are met by a
clinical psychologist or a psychological counsellor, so the need "psychological support" matches both;
the three single professions can also be asked for directly.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.experts.models import Profession


class ProfessionNeed(models.TextChoices):
    """What the HEAD looks for on the team page (GET ``?profession=``)."""

    PSYCHOLOGICAL = "PSYCHOLOGICAL", _("Psychological support (clinical psychologist or psychological counsellor)")
    CLINICAL_PSYCHOLOGIST = Profession.CLINICAL_PSYCHOLOGIST.value, Profession.CLINICAL_PSYCHOLOGIST.label
    PSYCHOLOGICAL_COUNSELLOR = Profession.PSYCHOLOGICAL_COUNSELLOR.value, Profession.PSYCHOLOGICAL_COUNSELLOR.label
    LEGAL_COUNSELLOR = Profession.LEGAL_COUNSELLOR.value, Profession.LEGAL_COUNSELLOR.label


NEED_PROFESSIONS: dict[str, frozenset[str]] = {
    ProfessionNeed.PSYCHOLOGICAL: frozenset({Profession.CLINICAL_PSYCHOLOGIST, Profession.PSYCHOLOGICAL_COUNSELLOR}),
    ProfessionNeed.CLINICAL_PSYCHOLOGIST: frozenset({Profession.CLINICAL_PSYCHOLOGIST}),
    ProfessionNeed.PSYCHOLOGICAL_COUNSELLOR: frozenset({Profession.PSYCHOLOGICAL_COUNSELLOR}),
    ProfessionNeed.LEGAL_COUNSELLOR: frozenset({Profession.LEGAL_COUNSELLOR}),
}

# Plan services (reference list ``service_type``, domain.md §C.10) that an expert of the unit delivers.
SERVICE_NEEDS: dict[str, str] = {
    "PSIKOLOGIS": ProfessionNeed.PSYCHOLOGICAL,
    "BANTUAN_HUKUM": ProfessionNeed.LEGAL_COUNSELLOR,
    "PENEGAKAN_HUKUM": ProfessionNeed.LEGAL_COUNSELLOR,
}


def professions_for(need: str | None) -> frozenset[str]:
    """The professions meeting ``need`` (empty for no need or an unknown value)."""
    return NEED_PROFESSIONS.get(need or "", frozenset())
