from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_unit(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A new unit starts with the usual partners of §E4 (``sigap.partners.seed``); fixtures load as they are."""
    if created and not raw:
        from sigap.partners.seed import partners_seed

        partners_seed(instance)


class PartnersConfig(AppConfig):
    name = "sigap.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from sigap.accounts.models import Unit
        from sigap.partners.reminders import agreement_reminders_open, register_agreement_kinds
        from sigap.partners.shell import register_shell
        from sigap.work.scheduler import hourly_step_register

        register_shell()
        register_agreement_kinds()
        hourly_step_register("partners.agreement_reminders", agreement_reminders_open)
        # Every way a unit is made (the admin, seed_demo, a test) gets the seed: a receiver, not a call in each.
        post_save.connect(_seed_new_unit, sender=Unit, dispatch_uid="partners_seed_new_unit")
