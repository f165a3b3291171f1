"""A task waiting for its close-out owes no 复命: ``request_close`` clears its next report date. Tasks that
asked before that rule kept theirs, which turns the light to 复命逾期 on a task waiting for its decision;
clear it (the rule is a value written inline by the service, so it is repeated here on the historical
model) and re-derive the stored roll-ups that carried it up (``rollup.rebuild``, which takes the
historical model)."""

from django.db import migrations


def clear_report_due(apps, schema_editor):
    from luoshi.tasks.rollup import rebuild

    task = apps.get_model("tasks", "Task")
    if (
        task.objects.filter(status="close_requested")
        .exclude(next_report_due=None)
        .update(next_report_due=None)
    ):
        rebuild(task)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0015_close_withdrawn_event"),
    ]

    operations = [migrations.RunPython(clear_report_due, migrations.RunPython.noop)]
