"""A problem raised from a 督查 finding asks the finding's 整改时限 (``raise_from_finding`` passes it to
``record_problem`` as ``required_by``). Problems raised before Problem.required_by existed have none, so
their 确认整改 offers no deadline; give each the deadline of the finding it came from. The rule is an
argument the service passes, so it is repeated here on the historical models."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def carry_deadlines(apps, schema_editor):
    finding = apps.get_model("inspections", "Finding")
    problem = apps.get_model("problems", "Problem")
    deadline = finding.objects.filter(problem=OuterRef("pk"), deadline__isnull=False).values("deadline")[:1]
    raised = finding.objects.filter(deadline__isnull=False).values("problem")
    problem.objects.filter(required_by=None, pk__in=raised).update(required_by=Subquery(deadline))


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_bulletin_revised_by"),
        ("problems", "0006_required_by"),
    ]

    operations = [migrations.RunPython(carry_deadlines, migrations.RunPython.noop)]
