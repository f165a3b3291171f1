"""审批规则 (who decides each task level's requests) and 提醒规则 (when the tick reminds and escalates)."""

from typing import Any, cast

from django.db import transaction
from django.db.models import Field

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from ..choices import TaskLevel
from ..models import DecisionPolicy, ReminderPolicy


@transaction.atomic
def set_decision_policy(
    level: str, *, actor: Any, section_head_decides: bool, section_head_reviews_close: bool
) -> DecisionPolicy:
    """The system admin says who decides each level's requests; the history keeps every version."""
    require(actor, "tasks.manage_policy", message="只有系统管理员可以设置审批规则")
    if level not in TaskLevel.values():
        raise InvalidInput(f"未知的任务级别：{level}", "unknown_level")
    policy = (
        DecisionPolicy.objects.select_for_update().filter(level=level).first()
        or DecisionPolicy.current()[level]
    )
    policy.section_head_decides, policy.section_head_reviews_close = (
        section_head_decides,
        section_head_reviews_close,
    )
    attribute_history(actor, policy)
    policy.save()
    record(
        SecurityEventKind.POLICY_CHANGED,
        actor=actor,
        target=f"审批规则：{policy.level_label}",
        detail={
            "section_head_decides": section_head_decides,
            "section_head_reviews_close": section_head_reviews_close,
        },
    )
    return policy


REMINDER_LIMITS = {
    "due_soon_days": (1, 30),
    "escalate_section_head_days": (1, 60),
    "escalate_leader_days": (1, 60),
    "escalate_overdue_days": (0, 60),
    "recheck_days": (7, 730),
}


@transaction.atomic
def set_reminder_policy(*, actor: Any, **days: int) -> ReminderPolicy:
    """The system admin sets the reminder thresholds (working days); the history keeps every version."""
    require(actor, "tasks.manage_policy", message="只有系统管理员可以设置提醒规则")
    policy = ReminderPolicy.objects.select_for_update().order_by("pk").first() or ReminderPolicy.current()
    for name, (low, high) in REMINDER_LIMITS.items():
        value = days.get(name, getattr(policy, name))
        if not isinstance(value, int) or not low <= value <= high:
            label = cast(Field, ReminderPolicy._meta.get_field(name)).verbose_name  # a column of the policy
            raise InvalidInput(
                f"“{label}”应为{low}到{high}之间的整数", "out_of_range", errors={name: ["超出范围"]}
            )
        setattr(policy, name, value)
    if policy.escalate_leader_days < policy.escalate_section_head_days:
        raise InvalidInput(
            "报分管领导督办的天数不能少于报牵头单位负责人督办的天数",
            "leader_before_section_head",
            errors={"escalate_leader_days": ["不能少于报牵头单位负责人的天数"]},
        )
    attribute_history(actor, policy)
    policy.save()
    record(
        SecurityEventKind.POLICY_CHANGED,
        actor=actor,
        target="提醒规则",
        detail={name: getattr(policy, name) for name in REMINDER_LIMITS},
    )
    return policy
