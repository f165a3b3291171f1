from django.urls import path

from . import accountability_export, accountability_views, exports, views

app_name = "assessment"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/weights/", views.scheme_weights, name="weights"),
    path("schemes/<int:pk>/periods/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/compute/", views.period_compute, name="compute"),
    path("periods/<int:pk>/publish/", views.period_publish, name="publish"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="reopen"),
    path("periods/<int:pk>/ranking.xlsx", exports.ranking_export, name="ranking_export"),
    path("periods/<int:pk>/scores.xlsx", exports.scores_export, name="scores_export"),
    path("periods/<int:pk>/results.docx", exports.results_document, name="results_document"),
    path("scores/<int:pk>/", views.score_detail, name="score"),
    path("scores/<int:pk>/judge/", views.score_judge, name="judge"),
    path("scores/<int:pk>/adjust/", views.score_adjust, name="adjust"),
    path("adjustments/<int:pk>/<str:decision>/", views.adjustment_decide, name="decide"),
    path("accountability/", accountability_views.ledger, name="accountability"),
    path("accountability/export.xlsx", accountability_export.ledger_export, name="accountability_export"),
    path("accountability/<int:pk>/", accountability_views.matter_detail, name="matter"),
    path("accountability/<int:pk>/explain/", accountability_views.matter_explain, name="matter_explain"),
    path("accountability/<int:pk>/decide/", accountability_views.matter_decide, name="matter_decide"),
]
