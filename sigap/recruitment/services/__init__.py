"""Writes of open recruitment (re-exported for readers and tests; inside the code import the submodules)."""

from sigap.recruitment.services.apply import ApplicationData, application_submit, reference_new
from sigap.recruitment.services.retention import application_anonymise, applications_purge_due
from sigap.recruitment.services.selection import (
    application_check,
    application_choose,
    score_record,
)
from sigap.recruitment.services.vacancy import RecruitmentRefused, vacancy_save

__all__ = [
    "ApplicationData",
    "RecruitmentRefused",
    "application_anonymise",
    "application_check",
    "application_choose",
    "application_submit",
    "applications_purge_due",
    "reference_new",
    "score_record",
    "vacancy_save",
]
