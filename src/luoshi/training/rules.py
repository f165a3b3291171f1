"""Permissions of 专业培训: every business user sees the trainings that concern them and their own hours;
who plans is decided by org.scopes' ASSIGN reach — the units one may hand out work to.

ASSIGN is the scope that fits department-wide work: the office (办公室), which 承担干部职工教育管理 and
hands out the department's work (可代上级单位交办), reaches the whole department and plans its trainings; a
section head or staff member reaches their own section and plans its internal training; a county head
their county's; a deputy the sections in their charge. Inspectors, who assign nothing, plan none."""

from __future__ import annotations

from typing import Any

import rules

from luoshi.org.rules import is_business_user
from luoshi.org.scopes import ASSIGN, unit_scope


@rules.predicate
def assigns_somewhere(user: Any) -> bool:
    scope = unit_scope(user, ASSIGN)
    return scope.everything or bool(scope.unit_ids)


rules.add_perm("training.view_training", is_business_user)
rules.add_perm("training.add_training", is_business_user & assigns_somewhere)
