"""Who may import a ledger: whoever may create tasks (each task is still checked as it is created)."""

import rules

from luoshi.org.rules import is_business_user

rules.add_perm("imports.add_batch", is_business_user)
