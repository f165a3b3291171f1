from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "luoshi.org"
    label = "org"
    verbose_name = "组织领导体系"

    def ready(self) -> None:
        from luoshi.accounts.models import register_detail_labels
        from luoshi.accounts.wording import register_unit_names
        from luoshi.core.visibility import register

        from .choices import Role
        from .models import Unit, display_name
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        # Role changes are in the security audit log: it names the roles.
        register_detail_labels({value: label for value, label, _ in Role.CHOICES})

        def unit_names(codes: set[str]) -> dict[str, str]:
            """Units by code, for entries that kept only the codes (the names they have now)."""
            units = Unit.objects.filter(code__in=codes).values_list("code", "name", "short_name")
            return {code: display_name(name, short) for code, name, short in units}

        register_unit_names(unit_names)
