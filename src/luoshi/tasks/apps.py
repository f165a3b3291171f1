from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "luoshi.tasks"
    label = "tasks"
    verbose_name = "执行落实体系"
