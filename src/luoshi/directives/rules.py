"""Who may do what with directives. Reading them is the whole department's; their records are not.

A directive belongs to the unit of whoever entered it (its registrar, usually the 办公室), as it was then
(a registrar's later transfer does not take the directive along), and to the leaders over that unit. The
对标对表 links and setting requirements aside are that unit's work; the 批示 is a leader's own words,
recorded by a leader over the unit or by the registrar on his behalf.
A directive nobody registered (created from the command line) is the department head's alone.
"""

from __future__ import annotations

from typing import Any

import rules

from luoshi.org.choices import Role
from luoshi.org.rules import is_business_user, is_leader
from luoshi.org.scopes import MANAGE, WORK, roles_of, unit_scope


def owner_unit_id(directive: Any) -> int | None:
    """The unit the directive was entered for (its registrar's then, ``Directive.unit``), whoever its
    registrar works for now; None when there was no registrar (or they had no unit)."""
    return directive.unit_id


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


@rules.predicate
def reads_only(user: Any) -> bool:
    """A 督查员 and nothing else: he reads every directive, and registers or decides none."""
    return roles_of(user) == {Role.INSPECTOR}


# Registering a directive, and deciding its requirements (the page's 采用并交办 and 转为任务 ask it).
takes_part = is_business_user & ~reads_only

rules.add_perm("directives.add_directive", takes_part)
rules.add_perm("directives.view_directive", is_business_user)
# 对标对表 links and 不作为任务: the directive's own unit and its leaders.
rules.add_perm(
    "directives.change_directive",
    is_business_user & (registered_directive | works_for_directive | leads_directive),
)
# 批示日期, 拟办意见, 办理结果.
rules.add_perm("directives.record_instruction", is_business_user & (registered_directive | leads_directive))


def takes_up(user: Any, directive: Any, requirement: Any, lead_unit_id: int | None) -> bool:
    """Whether ``user`` may put work led by ``lead_unit_id`` under ``directive`` (from ``requirement``, or
    from none). Such a task counts in the directive's 已转任务 for every reader, makes its units expected
    to study the directive (study.progress) and, from a requirement, marks that requirement done in every
    reader's 对标对表 and closes it to everyone else: so it is the directive's own unit's (and its
    leaders') decision, as 不作为任务 is, or that of whoever gives the work to a unit the requirement itself
    names (a section taking up the item that names it)."""
    if not takes_part(user):
        return False
    if user.has_perm("directives.change_directive", directive):
        return True
    if requirement is None or requirement.directive_id != directive.pk:
        return False
    named = {o.get("unit") for o in requirement.owners or [] if o.get("unit")}
    return lead_unit_id is not None and lead_unit_id in named


@rules.predicate
def links_task(user: Any, task: Any) -> bool:
    """The task about to be made (not yet saved) may carry its directive and requirement."""
    return (
        task is not None
        and task.directive is not None
        and takes_up(user, task.directive, task.requirement, task.lead_unit_id)
    )


# Asked by tasks.services.create_task, by name (the tasks app does not import this one), of every task
# that gets a directive of its own (not its parent's) or a requirement: whatever the door, the API's
# POST /tasks/ with "directive" or the 转为任务/合并/拆分 of this app's acceptance service.
rules.add_perm("directives.link_task", is_business_user & links_task)


def check_accept(user: Any, requirement: Any, lead_unit: Any) -> None:
    """Refuses (Forbidden) to let ``user`` turn ``requirement`` into a task led by ``lead_unit``, in the
    words of the decomposition page (``takes_up`` is the rule)."""
    from luoshi.core.errors import Forbidden

    if takes_up(user, requirement.directive, requirement, getattr(lead_unit, "pk", lead_unit)):
        return
    raise Forbidden(
        "这条要求未点名该牵头单位，转为任务须由录入该文件的单位或分管该单位的领导办理；"
        "其他单位可新建任务并注明来源",
        "not_directive_owner",
    )
