import rules

from luoshi.org.rules import is_business_user, is_system_admin

rules.add_perm("notify.view_notifications", is_business_user)
rules.add_perm("notify.manage_channels", is_system_admin)
