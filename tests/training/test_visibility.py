from luoshi.core.visibility import rule_for
from luoshi.training.models import Training


def test_a_training_is_seen_by_its_audience_its_planners_and_those_enrolled(training, user):
    for username in ("head", "deputy1", "bgs-staff", "gb1-staff", "gb2-staff", "inspector"):
        assert Training.objects.restrict(user(username)).filter(pk=training.pk).exists(), username
    for username in ("zz1-staff", "jcq-head", "admin"):
        assert not Training.objects.restrict(user(username)).exists(), username
    rule = rule_for(Training)
    assert rule.allows(training, user("gb1-staff"), "view") and not rule.allows(
        training, user("zz1-staff"), "view"
    )
