from django.urls import path

from . import list_export, views

app_name = "study"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("export.xlsx", list_export.session_export, name="export"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("photos/<str:token>/", views.session_photo, name="photo"),
]
