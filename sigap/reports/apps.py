from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sigap.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from sigap.reports.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        # The audit pages say which report was exported (its EXPORT events: ``reports.<kind>``).
        from sigap.audit.naming import register_object_kind
        from sigap.reports.services import ReportKind

        for kind in ReportKind:
            register_object_kind(f"reports.{kind.value}", kind.label)
