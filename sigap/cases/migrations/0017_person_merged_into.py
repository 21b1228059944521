"""The HEAD's merge of two person records (issue #21): a merged-away record points to the survivor
(``merged_into``, ``merged_at``, the reason encrypted) and no longer counts for the one-NIK-per-unit rule,
so that the survivor may take its NIK. ``Person.objects`` becomes the live records only."""

import django.db.models.deletion
import django.db.models.manager
import sigap.core.crypto.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_security_event_user_updated'),
        ('cases', '0016_incident_perpetrators'),
        ('regions', '0002_village_code_names_its_parents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='person',
            options={'base_manager_name': 'all_persons', 'default_manager_name': 'objects', 'verbose_name': 'person', 'verbose_name_plural': 'persons'},
        ),
        migrations.AlterModelManagers(
            name='person',
            managers=[
                ('all_persons', django.db.models.manager.Manager()),
                ('objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='person',
            name='person_unit_nik_unique',
        ),
        migrations.AddField(
            model_name='person',
            name='merge_reason',
            field=sigap.core.crypto.fields.EncryptedTextField(blank=True, verbose_name='reason for the merge'),
        ),
        migrations.AddField(
            model_name='person',
            name='merged_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='merged at'),
        ),
        migrations.AddField(
            model_name='person',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='cases.person', verbose_name='merged into'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('merged_into__isnull', True), ('nik_index__isnull', False)), fields=('unit', 'nik_index'), name='person_unit_nik_unique'),
        ),
    ]
