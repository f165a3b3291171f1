from django.urls import path

from . import files, printing, selection, task_page, views

app_name = "tasks"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("inbox/", views.inbox, name="inbox"),
    path("export.xlsx", printing.ledger_export, name="export"),
    path("print/", printing.ledger_print, name="print"),
    path("selected/", selection.selected, name="selected"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.task_create, name="create"),
    path("<int:pk>/", task_page.task_detail, name="detail"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/print/", printing.task_print, name="print_task"),
    path("<int:pk>/do/<str:action>/", task_page.task_action, name="action"),
    path("extensions/<int:pk>/<str:decision>/", task_page.extension_decide, name="extension_decide"),
    path("files/<str:token>/", files.download, name="download"),
    path("files/<str:token>/photo/", files.photo, name="photo"),
    path("policy/", views.policy, name="policy"),
    path("reminders/", views.reminder_policy, name="reminder_policy"),
]
