from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sigap.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from sigap.core import checks  # registers the key checks (sigap.E001…)

        # gunicorn runs no system checks: refuse to start here with missing or weak keys.
        if settings.PRODUCTION and (errors := checks.settings_key_errors()):
            found = " ".join(f"[{e.id}] {e.msg}" for e in errors)
            raise ImproperlyConfigured(f"Refusing to start: {found} See docs/security/keys.md.")
