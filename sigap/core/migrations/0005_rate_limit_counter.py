# The rate-limit counter, moved from sigap.intake: intake.0005 renamed its table to
# core_ratelimitcounter; this migration only takes the model over in the migration state.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_heartbeat'),
        ('intake', '0006_rate_limit_counter_move_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RateLimitCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scope', models.CharField(max_length=20)),
                        ('client', models.CharField(max_length=64)),
                        ('window_start', models.DateTimeField()),
                        ('expires_at', models.DateTimeField()),
                        ('count', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'rate-limit counter',
                        'verbose_name_plural': 'rate-limit counters',
                        'indexes': [models.Index(fields=['expires_at'], name='ratelimit_expires_idx')],
                        'constraints': [
                            models.UniqueConstraint(
                                fields=('scope', 'client', 'window_start'), name='ratelimit_scope_client_window'
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
