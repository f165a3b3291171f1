"""Who may do what with directives. Reading them is the whole department's; their records are not.

A directive belongs to the unit of whoever entered it (its registrar, usually the 办公室) and to the
leaders over that unit. The 对标对表 links and setting requirements aside are that unit's work; the
批示 is a leader's own words, recorded by a leader over the unit or by the registrar on his behalf.
A directive nobody registered (created from the command line) is the department head's alone.
"""

from __future__ import annotations

from typing import Any

import rules

from luoshi.org.rules import is_business_user, is_leader
from luoshi.org.scopes import MANAGE, WORK, person_of, unit_scope


def owner_unit_id(directive: Any) -> int | None:
    """The registrar's unit; None when there is no registrar (or they have no unit)."""
    registrar = person_of(directive.created_by) if directive.created_by_id else None
    return registrar.unit_id if registrar is not None else None


@rules.predicate
def registered_directive(user: Any, directive: Any) -> bool:
    return directive is not None and directive.created_by_id == user.pk


@rules.predicate
def works_for_directive(user: Any, directive: Any) -> bool:
    """The registrar's unit and the units above it (a county department is never above the city's)."""
    if directive is None:
        return False
    unit_id = owner_unit_id(directive)
    scope = unit_scope(user, WORK)
    return scope.everything if unit_id is None else unit_id in scope


@rules.predicate
def leads_directive(user: Any, directive: Any) -> bool:
    """A leader (部长, 副部长) whose charge covers the registrar's unit."""
    if directive is None or not is_leader(user):
        return False
    unit_id = owner_unit_id(directive)
    scope = unit_scope(user, MANAGE)
    return scope.everything if unit_id is None else unit_id in scope


rules.add_perm("directives.add_directive", is_business_user)
rules.add_perm("directives.view_directive", is_business_user)
# 对标对表 links and 不作为任务: the directive's own unit and its leaders.
rules.add_perm(
    "directives.change_directive",
    is_business_user & (registered_directive | works_for_directive | leads_directive),
)
# 批示日期, 拟办意见, 办理结果.
rules.add_perm("directives.record_instruction", is_business_user & (registered_directive | leads_directive))


def check_accept(user: Any, requirement: Any, lead_unit: Any) -> None:
    """Refuses (Forbidden) to let ``user`` turn ``requirement`` into a task led by ``lead_unit``. The task
    marks the requirement done in every reader's 对标对表 and closes it to everyone else, so it is the
    directive's own unit's (and its leaders') decision, as 不作为任务 is, or that of whoever gives the work
    to a unit the text itself names (a section taking up the item that names it)."""
    from luoshi.core.errors import Forbidden

    if user.has_perm("directives.change_directive", requirement.directive):
        return
    named = {o.get("unit") for o in requirement.owners or [] if o.get("unit")}
    if getattr(lead_unit, "pk", lead_unit) in named - {None}:
        return
    raise Forbidden(
        "这条要求未点名该牵头单位，转为任务须由录入该文件的单位或分管该单位的领导办理；"
        "其他单位可新建任务并注明来源",
        "not_directive_owner",
    )
