from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "sigap.work"
    label = "work"
    verbose_name = _("Work items")

    def ready(self) -> None:
        from sigap.work.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)
