# The rate-limit counter moves to sigap.core (the CSP report endpoint uses the limiter too, and core
# imports no other sigap app). Its table is renamed, rows, constraint and index names kept;
# core.0004 takes the model over in the migration state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0005_complaint_submission_digest'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='ratelimitcounter', table='core_ratelimitcounter'),
            ],
            state_operations=[
                migrations.DeleteModel(name='RateLimitCounter'),
            ],
        ),
    ]
