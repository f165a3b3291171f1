"""提醒规则: the system admin's thresholds override the settings, are checked, audited and kept in history."""

import datetime as dt

import pytest

from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.tasks import services
from luoshi.tasks.models import ReminderPolicy
from luoshi.tasks.reminders import make_reminders
from tests.tasks.conftest import sent_to

D = dt.date


def test_the_settings_are_the_rule_until_the_page_saves_one(db, settings):
    settings.LUOSHI_ESCALATE_OVERDUE_DAYS = 7
    assert ReminderPolicy.current().escalate_overdue_days == 7 and ReminderPolicy.current().pk is None


def test_a_saved_rule_drives_the_tick(craft, user):
    task = craft(owner="gb1-staff", due_date=D(2026, 12, 4), next_report_due=D(2027, 1, 8))
    services.set_reminder_policy(actor=user("admin"), escalate_overdue_days=1)
    make_reminders(D(2026, 12, 7))
    assert sent_to("escalated", task) == ["deputy1"]
    assert ReminderPolicy.objects.get().history.count() == 1


@pytest.mark.parametrize(
    "days", [{"due_soon_days": 0}, {"escalate_leader_days": 1, "escalate_section_head_days": 3}]
)
def test_a_rule_out_of_range_is_refused(db, user, days):
    with pytest.raises(InvalidInput, match="应为|不能少于报牵头单位负责人督办的天数"):
        services.set_reminder_policy(actor=user("admin"), **days)
    assert not ReminderPolicy.objects.exists()


def test_only_the_system_admin_sets_it(db, user):
    with pytest.raises(Forbidden):
        services.set_reminder_policy(actor=user("head"), due_soon_days=5)


def test_the_page_saves_and_keeps_what_was_typed_on_an_error(client_as):
    admin = client_as("admin")
    page = admin.get("/tasks/reminders/").content.decode()
    assert 'name="escalate_overdue_days"' in page and "尚未保存" in page
    # The lead unit may be a county department, whose head is its 部长, not a 科室负责人.
    assert "复命逾期先报牵头单位负责人、再报分管领导" in page
    assert "复命逾期几个工作日报牵头单位负责人督办" in page and "科室负责人" not in page
    form = {
        "due_soon_days": "5",
        "escalate_section_head_days": "2",
        "escalate_leader_days": "4",
        "escalate_overdue_days": "abc",
        "recheck_days": "60",
    }
    refused = admin.post("/tasks/reminders/", form)
    page = refused.content.decode()
    assert refused.status_code == 400, "a refusal is never a 200"
    assert "请填写整数" in page and 'value="abc"' in page and 'value="5"' in page
    assert not ReminderPolicy.objects.exists()
    admin.post("/tasks/reminders/", {**form, "escalate_overdue_days": "2"})
    assert ReminderPolicy.objects.get().due_soon_days == 5 and ReminderPolicy.objects.get().recheck_days == 60
    assert "问题销号后几天回头看" in admin.get("/tasks/reminders/").content.decode()
