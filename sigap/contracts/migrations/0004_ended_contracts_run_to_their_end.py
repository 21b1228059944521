"""A contract decided "end" now stays ACTIVE until the end of its period (walk #13, finding 5): those already
marked ENDED whose end is still ahead go back to ACTIVE (unless the expert has another active contract); the
hourly step ends them on time."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    active = Contract.objects.filter(state="ACTIVE").values("expert_id")
    Contract.objects.filter(state="ENDED", ended_at__gt=timezone.now()).exclude(expert_id__in=active).update(
        state="ACTIVE"
    )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_rating_scale_words_criteria_and_kept_scale")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
