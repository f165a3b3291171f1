from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/day/", views.set_day, name="set_day"),
    path("<int:year>/day/clear/", views.clear_day, name="clear_day"),
    path("<int:year>/import/", views.import_year, name="import"),
    path("<int:year>/mark/", views.mark_year, name="mark"),
    path("<int:year>/template.xlsx", views.import_template, name="template"),
]
