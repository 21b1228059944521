"""Period forms of the reports. Bad input gets a message on the page, never a 500."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.reports.periods import MIN_YEAR, Period

_MONTH_INPUT = re.compile(r"^(\d{4})-(\d{1,2})$")


def _now(zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.now(tz=zone)


class RecapPeriodForm(forms.Form):
    """A year, and optionally one month of it (unit recap; the leadership recap takes whole years)."""

    year = forms.IntegerField(label=gettext_lazy("Year"), widget=forms.NumberInput(attrs={"class": "form-control"}))
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any):
        self.zone = zone
        kwargs.setdefault("initial", {"year": _now(zone).year})
        super().__init__(*args, **kwargs)
        month_field: Any = self.fields["month"]
        month_field.choices = [("", _("Whole year")), *((str(n), str(name)) for n, name in MONTHS.items())]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        latest = _now(self.zone).year
        if not MIN_YEAR <= year <= latest:
            raise forms.ValidationError(
                _("Enter a year from %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": latest}
            )
        return int(year)

    def period(self) -> Period:
        """The period asked for (call after ``is_valid()``)."""
        return Period.year(self.cleaned_data["year"], self.zone, month=self.cleaned_data.get("month"))


class LeadershipPeriodForm(RecapPeriodForm):
    """A whole year only: with months too, a year's figure minus its shown months would give a
    suppressed month back (see :mod:`sigap.reports.suppression`). A ``month`` in the query is ignored."""

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any):
        super().__init__(*args, zone=zone, **kwargs)
        del self.fields["month"]

    def period(self) -> Period:
        return Period.year(self.cleaned_data["year"], self.zone)


def _month_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"type": "month", "class": "form-control", "placeholder": "YYYY-MM"})


class SimfoniExportForm(forms.Form):
    """One month, or a range of months (``from``..``to``, both included), up to the current month."""

    from_month = forms.CharField(label=gettext_lazy("From month"), max_length=7, widget=_month_widget())
    to_month = forms.CharField(
        label=gettext_lazy("To month"),
        max_length=7,
        required=False,
        widget=_month_widget(),
        help_text=gettext_lazy("Leave empty to export one month."),
    )

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any):
        self.zone = zone
        now = _now(zone)
        previous = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
        kwargs.setdefault("initial", {"from_month": f"{previous[0]:04d}-{previous[1]:02d}"})
        super().__init__(*args, **kwargs)

    def _parse(self, name: str) -> tuple[int, int] | None:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return None
        match = _MONTH_INPUT.match(raw)
        now = _now(self.zone)
        if match is None or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-03."))
        found = (int(match.group(1)), int(match.group(2)))
        if not (MIN_YEAR, 1) <= found <= (now.year, now.month):
            raise forms.ValidationError(
                _("Enter a month from %(first)s to %(last)s.")
                % {"first": f"{MIN_YEAR}-01", "last": f"{now.year:04d}-{now.month:02d}"}
            )
        return found

    def clean_from_month(self) -> tuple[int, int] | None:
        return self._parse("from_month")

    def clean_to_month(self) -> tuple[int, int] | None:
        return self._parse("to_month")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from_month"), cleaned.get("to_month")
        if first is not None and last is not None and last < first:
            self.add_error("to_month", _("The last month must not be before the first."))
        return cleaned

    def period(self) -> Period:
        first = self.cleaned_data["from_month"]
        return Period(first, self.cleaned_data.get("to_month") or first, self.zone)
