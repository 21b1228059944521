from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "sigap.assistance"
    label = "assistance"
    verbose_name = _("Services to victims")

    def ready(self) -> None:
        # The case timeline names session events (sigap.cases stands below and cannot import this app).
        from sigap.assistance.timeline import register_timeline

        register_timeline()
