import rules

from luoshi.org.rules import is_business_user

rules.add_perm("directives.add_directive", is_business_user)
rules.add_perm("directives.view_directive", is_business_user)
