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
        from sigap.core.labels import choice_labels_install

        # Every model is loaded before any ready(): translated choice labels once per language (issue #22).
        choice_labels_install()

        # gunicorn runs no system checks: refuse to start here with missing or weak keys.
        if settings.PRODUCTION and (errors := checks.settings_key_errors()):
            found = " ".join(f"[{e.id}] {e.msg}" for e in errors)
            raise ImproperlyConfigured(f"Refusing to start: {found} See docs/security/keys.md.")
