"""Permissions of 专题学习: every business user reads the sessions they may see; a unit's own head and staff
record them (the service checks that the unit is the recorder's own)."""

import rules

from luoshi.org.rules import is_business_user

rules.add_perm("study.view_session", is_business_user)
rules.add_perm("study.add_session", is_business_user)
