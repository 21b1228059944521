# Drops indexes nothing reads through: single-column indexes that a composite index or constraint
# starting with the same column already covers, the indexes of the who-did-it columns (*_by: never
# filtered on; users are deactivated, never deleted), and the LIKE (pattern_ops) twins of the blind-index
# columns (docs/performance.md, "Redundant indexes"). Every insert maintains fewer indexes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_security_event_step_up'),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='accounts.unit', verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='securityevent',
            name='unit',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to='accounts.unit'),
        ),
    ]
