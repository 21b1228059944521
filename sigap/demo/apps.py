from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo and the synthetic data: ``seed_demo``, ``run_demo``, ``generate_data``. No models.

    The top floor (docs/architecture.md): it may use every app, and no app uses it.
    """

    name = "sigap.demo"
    label = "demo"
    verbose_name = _("Demo")
