from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/directive/", views.directive, name="directive"),
    path("<int:pk>/export/", views.export, name="export"),
]
