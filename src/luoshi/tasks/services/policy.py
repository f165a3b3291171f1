"""审批规则: who decides each task level's requests."""
from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from ..choices import TaskLevel
from ..models import DecisionPolicy


@transaction.atomic
def set_decision_policy(level: str, *, actor: Any, section_head_decides: bool,
                        section_head_reviews_close: bool) -> DecisionPolicy:
    """The system admin says who decides each level's requests; the history keeps every version."""
    require(actor, "tasks.manage_policy", message="只有系统管理员可以设置审批规则")
    if level not in TaskLevel.values():
        raise InvalidInput(f"未知的任务级别：{level}", "unknown_level")
    policy = DecisionPolicy.objects.select_for_update().filter(level=level).first() or DecisionPolicy.current()[level]
    policy.section_head_decides, policy.section_head_reviews_close = section_head_decides, section_head_reviews_close
    attribute_history(actor, policy)
    policy.save()
    record(SecurityEventKind.POLICY_CHANGED, actor=actor, target=f"审批规则：{policy.level_label}",
           detail={"section_head_decides": section_head_decides,
                   "section_head_reviews_close": section_head_reviews_close})
    return policy
