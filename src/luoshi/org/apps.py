from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "luoshi.org"
    label = "org"
    verbose_name = "组织领导体系"

    def ready(self) -> None:
        from luoshi.accounts.models import register_detail_labels
        from luoshi.core.visibility import register

        from .choices import Role
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        # Role changes are in the security audit log: it names the roles.
        register_detail_labels({value: label for value, label, _ in Role.CHOICES})
