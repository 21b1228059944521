"""English as used in an Indonesian unit: day before month, 24-hour clock, as in the Indonesian locale.

Django's "en" formats are American (month first, a.m./p.m.): a date typed 05/06/2026 means 5 June to
the staff but would be read as 6 May in English. Here both languages read and show dates the same way.
"""

DATE_FORMAT = "j M Y"  # 6 Dec 2026 (sigap.core.dates adds the zone to a time: 6 Dec 2026 12:38 WITA)
DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first input format is the one Django uses to display a date in a form field.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '25/10/2026'
    "%d-%m-%Y",  # '25-10-2026'
    "%Y-%m-%d",  # '2026-10-25' (what <input type="date"> sends)
    "%d/%m/%y",  # '25/10/26'
    "%d %b %Y",  # '25 Oct 2026'
    "%d %B %Y",  # '25 October 2026'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '14:30'
    "%H:%M:%S",  # '14:30:59'
    "%H.%M",  # '14.30'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%d/%m/%Y",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
