"""The e-mail an applicant gets after applying: the reference number, so that losing the page loses nothing.

Sent after commit, in the language of the page the applicant used. A mail failure is logged (its class only)
and never undoes the application: the thank-you page has shown the reference already.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger("sigap.recruitment")


def application_received_mail(*, email: str, reference: str, post: str, unit: str, status_url: str) -> None:
    context = {"reference": reference, "post": post, "unit": unit, "status_url": status_url}
    subject = render_to_string("recruitment/received_subject.txt", context).strip()
    body = render_to_string("recruitment/received_email.txt", context)
    try:
        send_mail(subject, body, None, [email])
    except Exception as exc:  # noqa: BLE001 - a mail failure must not break the answer
        logger.error("application e-mail failed", extra={"error": type(exc).__name__})
