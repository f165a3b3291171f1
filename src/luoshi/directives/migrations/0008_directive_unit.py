"""A directive keeps the unit it was entered for (``Directive.unit``), read by its rules instead of its
registrar's unit of the day: a registrar's later transfer handed the speech to his new unit. Directives
entered before get their registrar's unit as it stands now, the best left to know."""

import django.db.models.deletion
from django.db import migrations, models


def registrars_units(apps, schema_editor):
    directive = apps.get_model("directives", "Directive")
    person = apps.get_model("org", "Person")
    units = dict(person.objects.exclude(unit=None).values_list("user_id", "unit_id"))
    for pk, registrar in directive.objects.exclude(created_by=None).values_list("pk", "created_by_id"):
        if registrar in units:
            directive.objects.filter(pk=pk).update(unit_id=units[registrar])


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0007_requirement_answers"),
        ("org", "0013_proposal_first_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="directive",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="录入单位",
            ),
        ),
        migrations.AddField(
            model_name="historicaldirective",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="org.unit",
                verbose_name="录入单位",
            ),
        ),
        migrations.RunPython(registrars_units, migrations.RunPython.noop),
    ]
