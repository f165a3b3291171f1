from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from luoshi.accounts.views import obtain_token
from luoshi.assessment import accountability_api
from luoshi.assessment import api as assessment_api
from luoshi.core import views as core_views
from luoshi.directives import api as directives_api
from luoshi.exports import api as exports_api
from luoshi.imports import api as imports_api
from luoshi.inspections import api as inspections_api
from luoshi.meetings import api as meetings_api
from luoshi.notify import api as notify_api
from luoshi.org import api as org_api
from luoshi.org import views as org_views
from luoshi.problems import api as problems_api
from luoshi.study import api as study_api
from luoshi.tasks import api as tasks_api
from luoshi.training import api as training_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.include_format_suffixes = (
    False  # JSON is the only format; `.json` paths reached actions that take no format
)
router.register("units", org_api.UnitViewSet, basename="unit")
router.register("people", org_api.PersonViewSet, basename="person")
router.register("directives", directives_api.DirectiveViewSet, basename="directive")
router.register("requirements", directives_api.RequirementViewSet, basename="requirement")
router.register("tasks", tasks_api.TaskViewSet, basename="task")
router.register("extensions", tasks_api.ExtensionViewSet, basename="extension")
router.register("notifications", notify_api.NotificationViewSet, basename="notification")
router.register("assessment/schemes", assessment_api.SchemeViewSet, basename="assessment-scheme")
router.register("assessment/periods", assessment_api.PeriodViewSet, basename="assessment-period")
router.register("accountability", accountability_api.AccountabilityViewSet, basename="accountability")
router.register("imports", imports_api.ImportViewSet, basename="import")
router.register("exports", exports_api.ExportViewSet, basename="export")
router.register("campaigns", inspections_api.CampaignViewSet, basename="campaign")
router.register("visits", inspections_api.VisitViewSet, basename="visit")
router.register("documents", inspections_api.DocumentViewSet, basename="document")
router.register("problems", problems_api.ProblemViewSet, basename="problem")
router.register("study-sessions", study_api.StudySessionViewSet, basename="study-session")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("trainings", training_api.TrainingViewSet, basename="training")

api_patterns = [
    path("auth/token/", obtain_token, name="token"),
    path("me/", org_api.me, name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script served as a file, not inline: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^.*$", core_views.api_not_found),
]

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/", include("luoshi.accounts.urls")),
    path("org/", include("luoshi.org.urls")),
    path("tasks/", include("luoshi.tasks.urls")),
    path("directives/", include("luoshi.directives.urls")),
    path("workdays/", include("luoshi.workdays.urls")),
    path("notify/", include("luoshi.notify.urls")),
    path("inspections/", include("luoshi.inspections.urls")),
    path("problems/", include("luoshi.problems.urls")),
    path("imports/", include("luoshi.imports.urls")),
    path("exports/", include("luoshi.exports.urls")),
    path("assessment/", include("luoshi.assessment.urls")),
    path("meetings/", include("luoshi.meetings.urls")),
    path("study/", include("luoshi.study.urls")),
    path("training/", include("luoshi.training.urls")),
    path("api/v1/", include((api_patterns, "api"))),
]

handler400 = "luoshi.core.views.bad_request"
handler403 = "luoshi.core.views.permission_denied"
handler404 = "luoshi.core.views.page_not_found"
handler500 = "luoshi.core.views.server_error"
