# Drops indexes nothing reads through: single-column indexes that a composite index or constraint
# starting with the same column already covers, the indexes of the who-did-it columns (*_by: never
# filtered on; users are deactivated, never deleted), and the LIKE (pattern_ops) twins of the blind-index
# columns (docs/performance.md, "Redundant indexes"). Every insert maintains fewer indexes.

import sigap.core.crypto.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('testapp', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='secretperson',
            name='nik_index',
            field=sigap.core.crypto.fields.BlindIndexField(blank=True, editable=False, kind='nik', max_length=64, null=True, source='nik'),
        ),
        migrations.AlterField(
            model_name='secretperson',
            name='phone_index',
            field=sigap.core.crypto.fields.BlindIndexField(blank=True, editable=False, kind='phone', max_length=64, null=True, source='phone'),
        ),
        migrations.AlterField(
            model_name='secretpersonnametoken',
            name='token',
            field=sigap.core.crypto.fields.BlindHashField(editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='secretpersonnametoken',
            name='token_year',
            field=sigap.core.crypto.fields.BlindHashField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name='secretperson',
            index=models.Index(fields=['nik_index'], name='secret_person_nik_idx'),
        ),
        migrations.AddIndex(
            model_name='secretperson',
            index=models.Index(fields=['phone_index'], name='secret_person_phone_idx'),
        ),
        migrations.AddIndex(
            model_name='secretpersonnametoken',
            index=models.Index(fields=['token'], name='secret_token_idx'),
        ),
        migrations.AddIndex(
            model_name='secretpersonnametoken',
            index=models.Index(fields=['token_year'], name='secret_token_year_idx'),
        ),
    ]
