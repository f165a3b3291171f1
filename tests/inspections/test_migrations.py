"""Data written before a rule existed, brought to it by a migration."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from luoshi.org.models import Unit
from luoshi.problems.models import Problem
from luoshi.problems.services import record_problem


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_problem_raised_from_a_finding_before_required_by_takes_the_findings_deadline(
    campaign, user, gb1_problem
):
    """A finding's problem recorded before Problem.required_by existed gets the finding's 整改时限; a problem
    not raised from a finding is left as it was."""
    due = campaign.start_date + dt.timedelta(days=30)
    found = gb1_problem(deadline=due)
    own = record_problem(
        actor=user("gb1-staff"),
        unit=Unit.objects.get(code="gb1"),
        source="self_check",
        description="档案未归档",
    )
    Problem.objects.filter(pk=found.problem_id).update(required_by=None)

    _migrate([("inspections", "0004_bulletin_revised_by")])
    _migrate([("inspections", "0005_problem_required_by")])
    assert Problem.objects.get(pk=found.problem_id).required_by == due
    assert Problem.objects.get(pk=own.pk).required_by is None
    _migrate(None)
