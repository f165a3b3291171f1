from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "luoshi.directives"
    label = "directives"
    verbose_name = "讲话文件"
