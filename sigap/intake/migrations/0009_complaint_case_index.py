"""An index on the case a complaint became (issue #22): the case page reads its origin complaint (the
safe-contact rule, the account) by ``case_id``; without it that read every complaint of the unit (~90 ms at
1M cases, found by make bench)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_security_event_user_updated'),
        ('intake', '0008_complaint_contact_calls'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(condition=models.Q(('case_id__isnull', False)), fields=['case_id'], name='complaint_case_idx'),
        ),
    ]
