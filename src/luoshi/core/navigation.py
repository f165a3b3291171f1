"""The main menu, by role: an entry shows when its page exists and the user has its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    perm: str
    icon: str


MENU = [
    MenuItem("我的待办", "tasks:inbox", "tasks.view_inbox", "bi-inbox"),
    MenuItem("任务台账", "tasks:ledger", "tasks.view_ledger", "bi-table"),
    MenuItem("领导总览", "tasks:overview", "tasks.view_overview", "bi-speedometer2"),
    MenuItem("讲话文件", "directives:list", "directives.view_directive", "bi-file-earmark-text"),
    MenuItem("导入台账", "imports:index", "imports.add_batch", "bi-upload"),
    MenuItem("问题清单", "problems:list", "problems.view_problem", "bi-exclamation-diamond"),
    MenuItem("督查调研", "inspections:list", "inspections.view_campaign", "bi-binoculars"),
    MenuItem("专题学习", "study:list", "study.view_session", "bi-journal-bookmark"),
    MenuItem("专业培训", "training:list", "training.view_training", "bi-mortarboard"),
    MenuItem("考核评价", "assessment:overview", "assessment.view_score", "bi-bar-chart"),
    MenuItem("月例会", "meetings:list", "meetings.view_meeting", "bi-people"),
    MenuItem("组织架构", "org:chart", "org.view_orgchart", "bi-diagram-3"),
    MenuItem("系统管理", "org:manage", "org.manage_org", "bi-gear"),
    MenuItem("工作日历", "workdays:index", "workdays.manage_calendar", "bi-calendar3"),
    MenuItem("审批规则", "tasks:policy", "tasks.manage_policy", "bi-signpost-split"),
    MenuItem("提醒规则", "tasks:reminder_policy", "tasks.manage_policy", "bi-alarm"),
    MenuItem("问题类别", "problems:categories", "problems.manage_categories", "bi-tags"),
    MenuItem("权限管理", "org:roles", "org.manage_roles", "bi-shield-lock"),
    MenuItem("安全审计", "accounts:audit_log", "accounts.view_audit_log", "bi-journal-check"),
]


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    items = []
    for item in MENU:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # that room of the house is not built yet
            continue
        if user.has_perm(item.perm):
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
    matching = [i for i in items if current_path.startswith(str(i["url"]))]
    if matching:  # the most specific entry only: /tasks/inbox/ is 我的待办, not also 任务台账
        max(matching, key=lambda i: len(str(i["url"])))["active"] = True
    return items
