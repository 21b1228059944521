"""One person per NIK in a unit (issue #21): a conditional unique constraint (SQLite and PostgreSQL).

Existing duplicates are not merged silently (which record survives is the HEAD's call): the migration
stops with the ids of the persons concerned, never their data, so they can be merged first.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def refuse_existing_duplicates(apps: Any, schema_editor: Any) -> None:
    person = apps.get_model("cases", "Person")
    clashes = (
        person.objects.filter(nik_index__isnull=False)
        .values("unit_id", "nik_index")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    ids = [
        str(pk)
        for clash in clashes
        for pk in person.objects.filter(unit_id=clash["unit_id"], nik_index=clash["nik_index"]).values_list(
            "pk", flat=True
        )
    ]
    if ids:
        raise RuntimeError(
            "Persons sharing an NIK in one unit must be merged before this migration: " + ", ".join(sorted(ids))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_sessions"),
        ("cases", "0014_case_contact_rule"),
        ("regions", "0002_village_code_names_its_parents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_existing_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("nik_index__isnull", False)),
                fields=("unit", "nik_index"),
                name="person_unit_nik_unique",
            ),
        ),
    ]
