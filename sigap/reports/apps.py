from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sigap.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from sigap.reports.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)
