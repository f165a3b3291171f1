"""Seed the holidays and 调休 working days of every year the installed chinese_calendar knows."""

from django.db import migrations


def seed(apps, schema_editor):
    from luoshi.workdays.seed import seed_from_library

    seed_from_library(apps.get_model("workdays", "Holiday"), apps.get_model("workdays", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
