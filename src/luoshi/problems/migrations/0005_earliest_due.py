from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

from luoshi.tasks.choices import TaskStatus


def fill(apps, schema_editor):
    """The stored earliest deadline of each problem's open measures, as follow_measures() keeps it."""
    Problem = apps.get_model("problems", "Problem")
    Measure = apps.get_model("problems", "Measure")
    earliest = (
        Measure.objects.filter(problem=OuterRef("pk"), task__status__in=TaskStatus.OPEN)
        .order_by()
        .values("problem")
        .annotate(due=Min("task__due_date"))
        .values("due")
    )
    Problem.objects.filter(measures__isnull=False).update(earliest_due=Subquery(earliest))


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0004_urged_event"),
        ("tasks", "0013_reminder_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="problem",
            name="earliest_due",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="最早整改时限"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # The status index with the id and the stored deadline: the overdue filter and its count read it
        # alone.
        migrations.RemoveIndex(model_name="problem", name="problems_status_found_on"),
        migrations.AddIndex(
            model_name="problem",
            index=models.Index(
                fields=["status", "found_on", "id", "earliest_due"], name="problems_status_found_on"
            ),
        ),
    ]
