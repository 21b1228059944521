"""Name-token rows carry their person's unit, indexed with the token (docs/performance.md, finding 5).

Existing rows get the unit of their person in one UPDATE, before the column becomes required.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_unit(apps: Any, schema_editor: Any) -> None:
    token_model = apps.get_model("cases", "PersonNameToken")
    person_model = apps.get_model("cases", "Person")
    unit_of_owner = person_model.objects.filter(pk=OuterRef("owner_id")).values("unit_id")[:1]
    token_model.objects.using(schema_editor.connection.alias).filter(unit__isnull=True).update(
        unit_id=Subquery(unit_of_owner)
    )
    if schema_editor.connection.vendor == "postgresql":
        # The UPDATE queued deferred foreign-key checks; PostgreSQL refuses the ALTER TABLE below while
        # they are pending ("pending trigger events"), so run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_backup_codes"),
        ("cases", "0004_incident_violence_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="personnametoken",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
            ),
        ),
        migrations.RunPython(fill_unit, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="personnametoken",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
            ),
        ),
        migrations.AddIndex(
            model_name="personnametoken",
            index=models.Index(fields=["unit", "token"], name="person_token_unit_idx"),
        ),
        migrations.AddIndex(
            model_name="personnametoken",
            index=models.Index(fields=["unit", "token_year"], name="person_token_unit_year_idx"),
        ),
    ]
