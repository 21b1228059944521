"""An incident names several alleged perpetrators (issue #21): the single ``perpetrator`` key becomes rows
of ``IncidentPerpetrator``. Reversible: going back keeps the first perpetrator of each incident."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def to_rows(apps: Any, schema_editor: Any) -> None:
    incident = apps.get_model("cases", "Incident")
    row = apps.get_model("cases", "IncidentPerpetrator")
    found = incident.objects.filter(perpetrator__isnull=False).values_list("pk", "perpetrator_id")
    row.objects.bulk_create([row(incident_id=pk, perpetrator_id=who) for pk, who in found.iterator()], batch_size=1000)


def to_key(apps: Any, schema_editor: Any) -> None:
    incident = apps.get_model("cases", "Incident")
    row = apps.get_model("cases", "IncidentPerpetrator")
    first: dict[Any, Any] = {}
    for pk, who in row.objects.order_by("pk").values_list("incident_id", "perpetrator_id").iterator():
        first.setdefault(pk, who)
    for pk, who in first.items():
        incident.objects.filter(pk=pk).update(perpetrator_id=who)


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_person_nik_unique_per_unit")]

    operations = [
        migrations.CreateModel(
            name="IncidentPerpetrator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "incident",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="perpetrator_links",
                        to="cases.incident",
                    ),
                ),
                (
                    "perpetrator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.caseperson"
                    ),
                ),
            ],
            options={
                "verbose_name": "alleged perpetrator of an incident",
                "verbose_name_plural": "alleged perpetrators of incidents",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("incident", "perpetrator"), name="incident_perpetrator_unique")
                ],
            },
        ),
        migrations.RunPython(to_rows, to_key),
        migrations.RemoveField(model_name="incident", name="perpetrator"),
        migrations.AddField(
            model_name="incident",
            name="perpetrators",
            field=models.ManyToManyField(
                blank=True,
                related_name="incidents_committed",
                through="cases.IncidentPerpetrator",
                to="cases.caseperson",
                verbose_name="alleged perpetrators",
            ),
        ),
    ]
