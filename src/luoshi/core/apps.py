from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from .dbstats import analyze_after_migrate
        from .uploads import remove_uncommitted

        # Sent once per app after every migration has run; this app's signal is enough.
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="luoshi.core.analyze")
        # A request whose transaction rolled back leaves no uploaded file behind.
        request_finished.connect(remove_uncommitted, dispatch_uid="luoshi.core.remove_uncommitted")
