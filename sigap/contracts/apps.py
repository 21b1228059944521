"""Experts' contracts (issue #13): annual contracts extended every three months on the evidence of recorded work.

A floor between reports and assistance: it reads the sessions, reports and hearings of assistance, the case
teams, the experts' profiles and credentials, and the work items.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "sigap.contracts"
    label = "contracts"
    verbose_name = _("Experts' contracts")

    def ready(self) -> None:
        from sigap.contracts.kinds import register_contract_kinds
        from sigap.contracts.services.schedule import evaluations_open
        from sigap.contracts.shell import register_shell
        from sigap.contracts.suggestions import register_suggestions
        from sigap.work.scheduler import hourly_step_register

        register_shell()
        register_contract_kinds()
        register_suggestions()  # contracted experts first on the case team page
        hourly_step_register("contracts.evaluations", evaluations_open)
        # A chosen applicant of open recruitment gets a draft contract (recruitment stands below this app).
        from sigap.contracts.services.contract import applicant_contract_draft
        from sigap.recruitment.hooks import APPLICANT_CHOSEN_HOOKS

        if applicant_contract_draft not in APPLICANT_CHOSEN_HOOKS:
            APPLICANT_CHOSEN_HOOKS.append(applicant_contract_draft)
