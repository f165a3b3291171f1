from luoshi.core.choices import ChoiceSet


class AdminRole(ChoiceSet):
    """The three separated administrators of MLPS 2.0 (等保三员): none can do another's work."""

    SYSTEM = "system"
    SECURITY = "security"
    AUDIT = "audit"
    CHOICES = [
        (SYSTEM, "系统管理员", "dark"),
        (SECURITY, "安全管理员", "dark"),
        (AUDIT, "审计管理员", "dark"),
    ]
