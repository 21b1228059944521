from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "sigap.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from sigap.recruitment.services.retention import applications_purge_due
        from sigap.recruitment.shell import register_shell
        from sigap.work.scheduler import hourly_step_register

        register_shell()  # menu entries, home capabilities (docs/architecture.md)

        # The audit pages name an application by its reference and a vacancy by its post, never a person.
        from sigap.audit.naming import register_object_namer
        from sigap.recruitment.selectors import application_references, vacancy_posts

        register_object_namer("recruitment.application", application_references)
        register_object_namer("recruitment.vacancy", vacancy_posts)
        # Applicants' data past the unit's retention period is anonymised by the scheduler (PRIV-03).
        hourly_step_register("recruitment.retention", applications_purge_due)
