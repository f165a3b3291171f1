from django.urls import path

from . import category_views, export, views

app_name = "problems"
urlpatterns = [
    path("", views.ledger, name="list"),
    path("export.xlsx", export.ledger_export, name="export"),
    path("print/", export.ledger_print, name="print"),
    path("new/", views.create, name="create"),
    path("similar/", views.similar, name="similar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<str:action>/", views.act, name="action"),
    path("files/<str:token>/", views.download, name="download"),
    path("categories/", category_views.categories, name="categories"),
    path("categories/<int:pk>/<str:action>/", category_views.category_action, name="category_action"),
]
