# Drops indexes nothing reads through: single-column indexes that a composite index or constraint
# starting with the same column already covers, the indexes of the who-did-it columns (*_by: never
# filtered on; users are deactivated, never deleted), and the LIKE (pattern_ops) twins of the blind-index
# columns (docs/performance.md, "Redundant indexes"). Every insert maintains fewer indexes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_redundant_indexes'),
        ('experts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='credential',
            name='ended_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='credential',
            name='profile',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='credentials', to='experts.expertprofile', verbose_name='expert profile'),
        ),
        migrations.AlterField(
            model_name='credential',
            name='recorded_by',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='expertprofile',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='expert_profiles', to='accounts.unit', verbose_name='unit'),
        ),
    ]
