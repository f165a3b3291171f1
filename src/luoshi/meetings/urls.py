from django.urls import path

from . import list_export, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export.xlsx", list_export.meeting_export, name="export"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/decisions/", views.meeting_decisions, name="decisions"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/comment/", views.report_comment, name="comment"),
]
