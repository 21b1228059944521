"""The one display form of a phone number: ``{{ number|phone }}`` (0812-5555-0199), wherever a number is shown."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError

from sigap.core.crypto.normalise import normalise_phone

register = template.Library()


@register.filter
def phone(value: str | None) -> str:
    """``value`` as Indonesians write it: 0812-5555-0199 for a mobile, 0541123456 for a landline.

    Numbers are stored as typed (complaints) or normalised to ``+62…`` (persons): the same number must
    read the same on every page. A foreign number stays ``+<digits>``; text that is not a number
    (a masked value) is shown unchanged.
    """
    if not value:
        return ""
    try:
        number = normalise_phone(str(value))
    except ValidationError:
        return str(value)
    if not number.startswith("+62"):
        return number
    national = number[3:]
    if national.startswith("8"):  # mobile: 08xx-xxxx-xxxx, the grouping printed on SIM cards
        return f"0{national[:3]}-{national[3:7]}-{national[7:]}"
    # Landline area codes have 2-3 digits after the 0: no grouping guess, one unbroken number.
    return f"0{national}"
