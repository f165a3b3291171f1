from django.urls import path

from . import coverage_views, list_export, views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("export.xlsx", list_export.list_export, name="list_export"),
    path("new/", views.directive_create, name="create"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/instruction/", views.instruction, name="instruction"),
    path("<int:pk>/coverage/", coverage_views.directive_coverage, name="coverage"),
    path("<int:pk>/export.<str:fmt>", views.directive_export, name="export"),
]
