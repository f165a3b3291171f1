from django.urls import path

from . import list_export, views

app_name = "training"
urlpatterns = [
    path("", views.training_list, name="list"),
    path("export.xlsx", list_export.training_export, name="export"),
    path("new/", views.training_create, name="create"),
    path("<int:pk>/", views.training_detail, name="detail"),
    path("<int:pk>/enrol/", views.training_enrol, name="enrol"),
    path("<int:pk>/attendance/", views.training_attendance, name="attendance"),
    path("people/", views.people, name="people"),
    path("people/export.xlsx", list_export.people_export, name="people_export"),
    path("people/<int:pk>/", views.person_record, name="person"),
]
