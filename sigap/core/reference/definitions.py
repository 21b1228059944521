"""The reference code lists of Sigap (domain.md §C): the single source of the codes.

The lists are written in ``lists_people.py`` (incidents and people) and ``lists_handling.py``
(complaints, services, case handling), in the shapes of ``types.py``; ``LISTS`` below is what the
loader reads, so a list that is not named there does not exist. Edit them, then run
``manage.py load_reference``: new codes are added, changed labels updated, the
list's version goes up. Never reuse or rename a code that records may hold; to retire one, keep it
here with ``active=False`` (or remove it: the loader then retires it, it is never deleted).
Codes are ours (upper case, ASCII); labels are Indonesian (as SIMFONI PPA or the law words them)
and English. ``note`` keeps the domain reference's ⚠ warnings: unverified, local or design codes.
"""

from sigap.core.reference.lists_handling import (
    CASE_CATEGORY,
    COMPLAINT_CHANNEL,
    CREDENTIAL_TYPE,
    MEDIATION_MATTER,
    RISK_LEVEL,
    SAFE_HOUSE_CRITERION,
    SERVICE_TYPE,
    TERMINATION_REASON,
    UPTD_FUNCTION,
    UPTD_TASK,
    VICTIM_RIGHT,
)
from sigap.core.reference.lists_people import (
    AGE_GROUP,
    AGE_STATUS,
    DISABILITY,
    EDUCATION,
    GBV_TYPE,
    KDRT_FORM,
    MARITAL_STATUS,
    NATIONALITY,
    OCCUPATION,
    PLACE,
    RELATIONSHIP,
    SEX,
    TPKS_FORM,
    VIOLENCE_TYPE,
)
from sigap.core.reference.types import CodeDef, ListDef

__all__ = ["LISTS", "CodeDef", "ListDef", "by_key"]

# Every list, in the order the admin and the loader show them.
LISTS: tuple[ListDef, ...] = (
    VIOLENCE_TYPE,
    TPKS_FORM,
    KDRT_FORM,
    GBV_TYPE,
    PLACE,
    RELATIONSHIP,
    AGE_GROUP,
    AGE_STATUS,
    EDUCATION,
    OCCUPATION,
    SERVICE_TYPE,
    UPTD_FUNCTION,
    UPTD_TASK,
    COMPLAINT_CHANNEL,
    RISK_LEVEL,
    CASE_CATEGORY,
    MEDIATION_MATTER,
    TERMINATION_REASON,
    SAFE_HOUSE_CRITERION,
    DISABILITY,
    MARITAL_STATUS,
    SEX,
    NATIONALITY,
    VICTIM_RIGHT,
    CREDENTIAL_TYPE,
)


def by_key(key: str) -> ListDef:
    """The definition of one list (KeyError for an unknown key)."""
    for definition in LISTS:
        if definition.key == key:
            return definition
    raise KeyError(key)
