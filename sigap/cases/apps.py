from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sigap.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from sigap.cases.shell import register_shell

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        from sigap.cases.kinds import register_case_kinds

        register_case_kinds()

        from sigap.cases.services.plan import register_casework_guards

        register_casework_guards()

        from sigap.accounts.drafts import register_form_page

        # A note sent after the session ended: the login returns to the case page (issue #21).
        register_form_page("cases:case_note_create", "cases:case_detail")

        from sigap.accounts.services.users import MEMBERSHIP_CHANGE_HOOKS
        from sigap.cases.services.team import break_glass_reviews_assign

        if break_glass_reviews_assign not in MEMBERSHIP_CHANGE_HOOKS:
            MEMBERSHIP_CHANGE_HOOKS.append(break_glass_reviews_assign)

        # The experts' open caseload, shown by the experts pages, is counted from the case teams.
        from sigap.cases.selectors.team import open_caseload
        from sigap.experts.selectors import caseload_register

        caseload_register(open_caseload)

        # A restricted case's audit history needs the case's own access (break-glass for the HEAD).
        from sigap.audit.views import HISTORY_GUARDS
        from sigap.cases.views.break_glass import restricted_case_history_refusal

        if restricted_case_history_refusal not in HISTORY_GUARDS:
            HISTORY_GUARDS.append(restricted_case_history_refusal)
        # The audit pages name the case file's records by their case number (sigap/audit/naming.py).
        from sigap.cases.selectors.audit_names import register_audit_names

        register_audit_names()
