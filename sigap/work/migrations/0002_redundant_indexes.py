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
        ('contenttypes', '0002_remove_content_type_name'),
        ('work', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='recipient',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
        ),
        migrations.AlterField(
            model_name='workitem',
            name='closed_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='workitem',
            name='content_type',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='workitem',
            name='responsible',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='work_items', to=settings.AUTH_USER_MODEL, verbose_name='responsible'),
        ),
        migrations.AlterField(
            model_name='workitem',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='work_items', to='accounts.unit', verbose_name='unit'),
        ),
    ]
