"""Response clocks of complaints: the due time by risk level, from the unit's IntakeSettings.

High and medium risk count wall-clock time (an emergency does not wait for Monday); low risk counts
working days in the unit's time zone (``sigap.work.workdays``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sigap.accounts.models import Unit
from sigap.intake.models import IntakeSettings, RiskLevel
from sigap.work.workdays import add_working_days


def intake_settings_of(unit: Unit) -> IntakeSettings:
    """The unit's settings, or an unsaved row holding the defaults (nothing is written on a read)."""
    found = IntakeSettings.objects.filter(unit=unit).first()
    return found if found is not None else IntakeSettings(unit=unit)


def response_due_at(*, unit: Unit, risk_level: str, received_at: datetime) -> datetime:
    """When the first response to a complaint received at ``received_at`` is due."""
    settings = intake_settings_of(unit)
    if risk_level == RiskLevel.TINGGI:
        return received_at + timedelta(minutes=settings.high_risk_minutes)
    if risk_level == RiskLevel.SEDANG:
        return received_at + timedelta(hours=settings.medium_risk_hours)
    return add_working_days(received_at, settings.low_risk_working_days, unit=unit)
