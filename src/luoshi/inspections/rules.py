"""Permissions of 督查调研: who opens the pages, plans a campaign, records a visit, issues a bulletin.

Recording a finding is a right on the campaign itself (a team's leader or member), checked by the service.
"""

import rules

from luoshi.org.rules import is_business_user, is_inspector, is_leader, is_section_head

# Leaders, section heads (the office's head plans 督查) and inspectors plan campaigns and write bulletins.
plans_inspections = is_business_user & (is_leader | is_section_head | is_inspector)

rules.add_perm("inspections.view_campaign", is_business_user)
rules.add_perm("inspections.add_campaign", plans_inspections)
rules.add_perm("inspections.issue_bulletin", plans_inspections)
rules.add_perm("inspections.add_visit", is_business_user)
rules.add_perm("inspections.view_visit", is_business_user)
