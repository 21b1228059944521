"""App config of the Django admin with Sigap's site (kept apart from apps.py, whose single
AppConfig Django picks automatically for ``sigap.accounts``)."""

from django.contrib.admin.apps import AdminConfig


class SigapAdminConfig(AdminConfig):
    """The Django admin with Sigap's site: superusers only, second factor passed (AC-08)."""

    default_site = "sigap.accounts.admin_site.SigapAdminSite"
