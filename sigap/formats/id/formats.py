"""Indonesian dates as the unit writes them: ``6 Des 2026`` and ``6 Des 2026 12.38`` (24-hour, dot).

Django's own Indonesian formats use the AP-style month (``Des.``) and an unpadded hour; one format per
language everywhere (``sigap.core.dates``) adds the zone: ``6 Des 2026 12.38 WITA``.
"""

from django.conf.locale.id.formats import *  # noqa: F403 (input formats and separators stay Django's)

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
