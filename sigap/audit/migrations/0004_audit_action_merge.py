"""A new audit action: MERGE (two records of one person became one, issue #21)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_redundant_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('VIEW', 'Viewed'), ('CREATE', 'Created'), ('UPDATE', 'Changed'), ('DELETE', 'Deleted'), ('EXPORT', 'Exported'), ('PRINT', 'Printed'), ('DOWNLOAD', 'Downloaded'), ('LOGIN', 'Logged in'), ('LOGOUT', 'Logged out'), ('ASSIGN', 'Assigned'), ('SHARE', 'Shared'), ('BREAK_GLASS', 'Emergency access'), ('OVERRIDE', 'Override'), ('MERGE', 'Merged')], max_length=20, verbose_name='action'),
        ),
    ]
