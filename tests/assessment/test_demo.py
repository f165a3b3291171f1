"""The demo's assessment: the standard scheme with the study and training quotas, and the current month
computed for every section and county department with those figures behind it."""

import pytest
from django.utils import timezone

from luoshi.assessment.models import IndicatorScore, Period, UnitScore
from luoshi.demo import load_demo
from luoshi.org.models import Unit


@pytest.mark.django_db
def test_the_current_month_counts_study_and_training_for_every_scored_unit():
    load_demo()
    today = timezone.localdate()
    month = Period.objects.get(kind="month", starts_on=today.replace(day=1))
    scored = set(Unit.objects.filter(is_active=True, kind__in=["section", "subordinate"]).values_list("pk"))
    scores = UnitScore.objects.filter(period=month, version=month.version)
    assert {(s.unit_id,) for s in scores} == scored and len(scored) > 10
    for metric in ("study_sessions", "training_hours"):
        rows = IndicatorScore.objects.filter(unit_score__in=scores, indicator__metric=metric)
        assert rows.count() == len(scored), metric
        assert rows.filter(hits__gt=0).exists(), f"nobody's {metric} counted this month"
        assert not rows.filter(applicable=False).exists()  # a quota scores 0 when nothing was held
