from django.urls import path

from . import document_views, list_export, views, visit_views

app_name = "inspections"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("export.xlsx", list_export.campaign_export, name="export"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/findings/", views.record_finding, name="record_finding"),
    path("<int:pk>/bulletin/", views.campaign_bulletin, name="bulletin"),
    path("bulletin/", views.period_bulletin, name="period_bulletin"),
    path("visits/", visit_views.visit_list, name="visits"),
    path("visits/export.xlsx", list_export.visit_export, name="visits_export"),
    path("visits/new/", visit_views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit"),
    path("visits/photos/<str:token>/", visit_views.visit_photo, name="visit_photo"),
    path("documents/", document_views.document_list, name="documents"),
    path("documents/issue/", document_views.document_issue, name="document_issue"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/problems/<int:pk>/", document_views.problem_notices, name="problem_notices"),
]
