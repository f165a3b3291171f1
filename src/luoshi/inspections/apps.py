from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "luoshi.inspections"
    label = "inspections"
    verbose_name = "督查调研"

    def ready(self) -> None:
        from luoshi.core import inbox
        from luoshi.core.visibility import register
        from luoshi.exports import registry
        from luoshi.org import pickers
        from luoshi.problems.origins import add_origin_link

        from . import inbox as waiting
        from .list_export import VISIT_EXPORT
        from .origins import campaign_link, visit_link
        from .services.campaigns import TEAM, team_reach
        from .services.visits import VISITED, visit_reach
        from .visibility import RULES

        for model, rule in RULES.items():
            register(model, rule)
        inbox.register("inspections", waiting.entries)
        registry.register(VISIT_EXPORT)
        pickers.add_reach(TEAM, team_reach)
        pickers.add_reach(VISITED, visit_reach)
        add_origin_link("campaign", campaign_link)
        add_origin_link("visit", visit_link)
