import rules

from luoshi.org.rules import is_system_admin

rules.add_perm("workdays.manage_calendar", is_system_admin)
