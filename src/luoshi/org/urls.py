from django.urls import path

from . import person_views, pickers, proposal_views, views

app_name = "org"
urlpatterns = [
    path("", views.chart, name="chart"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/staff-acknowledge/", views.staff_acknowledge, name="staff_acknowledge"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("manage/", views.manage, name="manage"),
    path("manage/units/add/", views.unit_edit, name="unit_add"),
    path("manage/units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("manage/people/add/", person_views.person_edit, name="person_add"),
    path("manage/people/<int:pk>/", person_views.person_edit, name="person_edit"),
    path("manage/people/<int:pk>/password-half/", person_views.person_half, name="person_half"),
    path(
        "manage/people/<int:pk>/reset-password/",
        person_views.person_reset_password,
        name="person_reset_password",
    ),
    path("people/<int:pk>/reset-code/", person_views.person_reset_code, name="person_reset_code"),
    path("manage/import/", views.import_org, name="import"),
    path("manage/import/template.xlsx", views.import_template, name="import_template"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/", views.roles_edit, name="roles_edit"),
    path("roles/proposals/", proposal_views.proposals, name="proposals"),
    path("roles/unlock/", views.unlock, name="unlock"),
    path("roles/delegation/", views.delegation, name="delegation"),
    path("pick/units/", pickers.pick, {"kind": "units"}, name="pick_units"),
    path("pick/people/", pickers.pick, {"kind": "people"}, name="pick_people"),
    path("pick/leaders/", pickers.pick, {"kind": "leaders"}, name="pick_leaders"),
]
