"""When is an expert *licensed*: one rule table, read by Python (pages) and by SQL (rankings).

:data:`LICENCE_RULES` maps each profession to its alternatives; an expert is licensed when **every**
credential of at least **one** alternative is valid today (domain.md §E5):

- clinical psychologist: STRPK **and** SIPPK (Permenkes 45/2017 Pasal 3, 5; the SIPPK is per practice
  location and valid only while the STRPK is);
- legal counsellor: advocate (oath record **and** membership card, UU 18/2003) **or** paralegal
  (certificate of a legal-aid provider, Permenkumham 3/2021);
- psychological counsellor: any one of STR psikolog, SILP, SIPP HIMPSI.

A credential is *valid* on a day when it is not ended and ``valid_from <= day <= valid_until`` (no
``valid_until``: no expiry). It *counts* toward the licence only when it is also confirmed: one typed by an
applicant (``to_confirm``) licenses nobody until the HEAD has seen the document (:func:`counts_on` in Python,
:func:`valid_credentials` in SQL: every page reads one of the two). "Today" is the date in the unit's time
zone, never the server's.

The TPKS training certificate is not a licence: it ranks an expert higher on sexual-violence cases
(TPKS Pasal 26(3)), see :data:`TPKS_TRAINING`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.experts.models import Credential, CredentialKind, Profession

K = CredentialKind

LICENCE_RULES: dict[str, tuple[frozenset[str], ...]] = {
    Profession.CLINICAL_PSYCHOLOGIST: (frozenset({K.STRPK, K.SIPPK}),),
    Profession.LEGAL_COUNSELLOR: (
        frozenset({K.BA_SUMPAH_ADVOKAT, K.KTA_ADVOKAT}),
        frozenset({K.SERTIFIKAT_PARALEGAL}),
    ),
    # ⚠ Not standardised (domain.md §E5, §G.6): UU 23/2022 requires STR + SILP of a psychologist, but its
    # implementing rules are pending and HIMPSI's SIPP is non-statutory. Until the unit's rule is known,
    # any one of the three counts; tighten this line when it is.
    Profession.PSYCHOLOGICAL_COUNSELLOR: (
        frozenset({K.STR_PSIKOLOG}),
        frozenset({K.SILP}),
        frozenset({K.SIPP_HIMPSI}),
    ),
}

# A bonus on sexual-violence cases, never a licence.
TPKS_TRAINING = K.SERTIFIKAT_PELATIHAN_TPKS

# How each profession's licence reads on the pages ("berlisensi" in the user guide).
LICENCE_TEXT: dict[str, Any] = {
    Profession.CLINICAL_PSYCHOLOGIST: _("STRPK and SIPPK, both valid"),
    Profession.LEGAL_COUNSELLOR: _("advocate (oath record and membership card) or paralegal certificate"),
    Profession.PSYCHOLOGICAL_COUNSELLOR: _("STR psikolog, SILP or SIPP HIMPSI (any one)"),
}

# Credentials that count for some rule, plus the training bonus: the kinds annotated in SQL.
RANKED_KINDS: tuple[str, ...] = tuple(
    sorted({kind for alternatives in LICENCE_RULES.values() for group in alternatives for kind in group})
) + (TPKS_TRAINING,)


def unit_today(unit: Unit) -> dt.date:
    """Today's date in the unit's time zone (a credential valid until 31 May is valid all that day there)."""
    return timezone.localdate(timezone.now(), unit.zone)


def is_valid_on(*, valid_from: dt.date, valid_until: dt.date | None, ended: bool, day: dt.date) -> bool:
    return not ended and valid_from <= day and (valid_until is None or day <= valid_until)


def counts_on(*, valid_from: dt.date, valid_until: dt.date | None, ended: bool, to_confirm: bool, day: dt.date) -> bool:
    """Does a credential count toward the licence on ``day``: valid then, and confirmed (the Python twin of
    :func:`valid_credentials`; an unconfirmed one may show "valid" yet licenses nobody)."""
    return not to_confirm and is_valid_on(valid_from=valid_from, valid_until=valid_until, ended=ended, day=day)


def is_licensed(profession: str, valid_kinds: Iterable[str]) -> bool:
    """Does a ``profession`` holding the credentials ``valid_kinds`` (valid today) satisfy the table?"""
    held = set(valid_kinds)
    return any(group <= held for group in LICENCE_RULES.get(profession, ()))


# --- the same rule in SQL ------------------------------------------------------------------------


def valid_credentials(day: dt.date) -> QuerySet[Credential]:
    """Credentials valid on ``day``: not ended, started, not expired, and confirmed (an applicant's own
    statement, ``to_confirm``, licenses nobody until the HEAD has seen the document)."""
    return Credential.objects.filter(ended_at__isnull=True, to_confirm=False, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def kind_flag(kind: str) -> str:
    """Name of the annotation "holds a valid ``kind``" (``cred_strpk`` …)."""
    return f"cred_{kind.lower()}"


def annotate_licence(
    users: QuerySet[Any], day: dt.date, *, user_ref: str = "pk", profile_path: str = "expert_profile"
) -> QuerySet[Any]:
    """``users`` with one ``cred_<kind>`` flag per ranked kind ("holds a valid one on ``day``"),
    ``licensed`` (the table above, for the profile's profession) and ``awaiting_confirmation`` (holds a
    credential valid on ``day`` but still to confirm).

    ``user_ref`` is the outer column holding the user id; ``profile_path`` the path from the outer row to
    the profile. Each flag is an ``EXISTS`` on the (profile, kind) index: no query per expert.
    """
    valid = valid_credentials(day)
    flags = {
        kind_flag(kind): Exists(valid.filter(profile__user_id=OuterRef(user_ref), kind=kind)) for kind in RANKED_KINDS
    }
    whens = []
    for profession, alternatives in LICENCE_RULES.items():
        satisfied = Q()
        for group in alternatives:
            satisfied |= Q(**{kind_flag(kind): True for kind in group})
        whens.append(When(Q(**{f"{profile_path}__profession": profession}) & satisfied, then=Value(True)))
    # Two steps: ``licensed`` reads the flags annotated by the first.
    # A credential that would count once confirmed: the pages say "to confirm" rather than "expired or missing".
    pending = Credential.objects.filter(
        profile__user_id=OuterRef(user_ref), to_confirm=True, ended_at__isnull=True, valid_from__lte=day
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    return users.annotate(**flags, awaiting_confirmation=Exists(pending)).annotate(
        licensed=CaseWhen(*whens, default=Value(False), output_field=BooleanField())
    )
