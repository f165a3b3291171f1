"""The full demo, as `make demo` loads it: a living system from the first page."""

import pytest
from django.db.models import Count
from django.utils import timezone

from luoshi.demo import demo_state, load_demo
from luoshi.directives.models import Requirement
from luoshi.tasks.choices import Light
from luoshi.tasks.lights import with_lights
from luoshi.tasks.models import ExtensionRequest, Feedback, Task


@pytest.mark.django_db
def test_the_demo_shows_weeks_of_work_in_every_colour():
    accounts = load_demo()
    assert {"admin", "secadmin", "auditor", "head", "deputy4", "gb1-head", "xxzx-staff"} <= {
        a.username for a in accounts
    }
    assert demo_state() == "demo"
    lights = set(with_lights(Task.objects.all(), timezone.localdate()).values_list("light", flat=True))
    assert {Light.RED, Light.YELLOW, Light.GREEN, Light.NONE} <= lights
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {"draft", "assigned", "in_progress", "close_requested", "closed"} <= statuses
    assert Feedback.objects.filter(late=True).exists() and Feedback.objects.filter(late=False).exists()
    assert set(ExtensionRequest.objects.values_list("status", flat=True)) == {"approved", "pending"}
    decided = dict(Requirement.objects.values_list("status").annotate(n=Count("id")))
    assert decided["accepted"] >= 10 and decided["rejected"] >= 1 and decided["proposed"] >= 1
    assert Task.objects.filter(requirement__isnull=False).count() >= 10
    assert Task.objects.filter(parent__isnull=False).exists()


@pytest.mark.django_db
def test_the_demo_speech_answers_the_provincial_deployment():
    from luoshi.directives.models import Directive

    load_demo()
    upper = Directive.objects.get(level="provincial")
    speech = upper.answered_by.get()
    assert speech.title == "部长在全市组织工作推进会上的讲话"
    # the demo dates the speech six weeks back: its name must not place it at a season it is not in
    assert "春节" not in speech.title or speech.issued_on.month in (1, 2, 3)
    assert upper.requirements.count() >= 3


@pytest.mark.django_db
def test_the_demo_has_problems_old_and_new_common_and_individual():
    from luoshi.problems.models import Measure, Problem

    load_demo()
    assert Problem.objects.filter(recurring=True).count() == 1
    assert Problem.objects.filter(common__isnull=False).values("unit").distinct().count() == 3
    assert set(Problem.objects.values_list("status", flat=True)) == {"recorded", "rectifying", "closed"}
    assert {m.kind for m in Measure.objects.all()} == {"quick", "lasting"}
    assert Measure.objects.filter(common__isnull=False, task__status="assigned").exists()


@pytest.mark.django_db
def test_the_demo_keeps_an_overdue_ledger():
    from luoshi.assessment.models import Accountability

    load_demo()
    statuses = {m.status for m in Accountability.objects.all()}
    assert {"awaiting_reason", "decided"} <= statuses
    assert Accountability.objects.filter(decision="deduct", adjustment__status="pending").count() == 1
