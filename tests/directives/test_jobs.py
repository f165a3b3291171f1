"""Long directives never hold a web worker: above LUOSHI_EXTRACT_INLINE_CHARS the extraction is a job
(202 and a status URL), run by `luoshi extract-jobs` or `luoshi tick`; above the cap a Chinese 400."""

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from luoshi.cli import main
from luoshi.core.jobs import runner_lock
from luoshi.directives import jobs
from luoshi.directives.models import Directive, ExtractionJob

PARAGRAPH = (
    "一要抓好年轻干部培养，干部一科牵头，6月底前完成。二要加强基层党组织建设，组织一科负责，年内完成。\n"
)


@pytest.fixture
def long_text(settings):
    settings.LUOSHI_EXTRACT_INLINE_CHARS = 500
    return PARAGRAPH * 20


def post(api_as, text, username="bgs-staff"):
    return api_as(username).post(
        "/api/v1/directives/", {"title": "长文件", "text": text, "issued_on": "2026-11-20"}, format="json"
    )


def test_a_long_text_is_accepted_as_a_job_and_the_tick_runs_it(api_as, long_text):
    response = post(api_as, long_text)
    assert response.status_code == 202, response.json()
    body = response.json()
    directive = Directive.objects.get()
    assert response["Location"] == body["status_url"] == f"/api/v1/directives/{directive.pk}/extraction/"
    assert body["status"] == "queued" and body["status_label"] == "排队中" and body["chars"] == len(long_text)
    assert directive.requirements.count() == 0

    result = CliRunner().invoke(main, ["tick"])
    assert result.exit_code == 0, result.output
    assert "分解了 1 份排队的长文件" in result.output
    status = api_as("gb1-staff").get(body["status_url"]).json()
    assert status["status"] == "done" and status["found"] == directive.requirements.count() > 0
    assert status["error"] == "" and status["finished_at"]


def test_extract_jobs_runs_what_waits_and_a_job_is_claimed_once(user, long_text):
    from luoshi.directives import services

    directive, found = services.enter_directive(actor=user("bgs-staff"), title="长文件", text=long_text)
    assert found is None
    claimed = jobs.QUEUE.claim_next()
    assert (
        claimed.directive_id == directive.pk and jobs.QUEUE.claim_next() is None
    )  # running: nobody else takes it
    ExtractionJob.objects.filter(pk=claimed.pk).update(started_at=timezone.now() - dt.timedelta(hours=1))
    assert jobs.QUEUE.claim_next().pk == claimed.pk  # its process died: taken again
    ExtractionJob.objects.update(status="queued")
    result = CliRunner().invoke(main, ["extract-jobs"])
    assert result.exit_code == 0 and "分解了 1 份" in result.output
    assert ExtractionJob.objects.get().status == "done"


def test_the_process_runner_starts_when_the_directive_is_committed(
    user, settings, long_text, monkeypatch, django_capture_on_commit_callbacks
):
    from luoshi.directives import services

    settings.LUOSHI_EXTRACT_RUNNER = "process"
    started = []
    monkeypatch.setattr(jobs, "start_runner", lambda: started.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        services.enter_directive(actor=user("bgs-staff"), title="长文件", text=long_text)
    assert started == [True]


def test_a_failed_job_keeps_a_chinese_reason_and_the_page_shows_it(api_as, client_as, long_text, monkeypatch):
    from luoshi import extract

    def broken(*args, **kwargs):
        raise extract.ExtractError("无法分解这份文件")

    post(api_as, long_text)
    monkeypatch.setattr(extract, "extract", broken)
    assert jobs.run_extraction_jobs() == 1
    job = ExtractionJob.objects.get()
    assert job.status == "failed" and job.error == "无法分解这份文件"
    page = client_as("bgs-staff").get(f"/directives/{job.directive_id}/").content.decode()
    assert "分解失败：无法分解这份文件" in page


def test_the_page_waits_with_a_progress_bar_then_shows_the_result(client_as, long_text):
    client = client_as("bgs-staff")
    response = client.post(
        "/directives/new/",
        {
            "title": "长文件",
            "kind": "speech",
            "level": "internal",
            "issuer": "",
            "issued_on": "2026-11-20",
            "text": long_text,
        },
        follow=True,
    )
    page = response.content.decode()
    directive = Directive.objects.get()
    assert (
        "正在后台分解" in page
        and "没有识别出要求条目" not in page
        and 'data-testid="extraction"' in page
        and "luoshi/extraction.js" in page
    )
    assert f'data-status-url="/api/v1/directives/{directive.pk}/extraction/"' in page
    jobs.run_extraction_jobs()
    page = client.get(f"/directives/{directive.pk}/").content.decode()
    assert 'data-testid="extraction"' not in page and 'data-testid="requirement"' in page


def test_above_the_cap_is_a_chinese_400_that_creates_nothing(api_as, settings):
    settings.LUOSHI_DIRECTIVE_MAX_CHARS = 1000
    response = post(api_as, PARAGRAPH * 30)
    assert response.status_code == 400
    assert response.json()["code"] == "text_too_long" and "超过1,000字的上限" in response.json()["detail"]
    assert not Directive.objects.exists()


def test_a_short_directive_has_no_job_and_its_status_is_a_404(api_as, demo):
    response = post(api_as, PARAGRAPH)
    assert response.status_code == 201
    status = api_as("bgs-staff").get(f"/api/v1/directives/{response.json()['id']}/extraction/")
    assert status.status_code == 404 and status.json()["code"] == "not_found"


def test_one_runner_at_a_time_and_the_second_leaves_at_once(user, long_text):
    from luoshi.directives import services

    services.enter_directive(actor=user("bgs-staff"), title="长文件", text=long_text)
    with runner_lock("extract-jobs") as held:
        assert held
        assert jobs.run_extraction_jobs() == 0  # another runner holds the lock: this one leaves
    assert ExtractionJob.objects.get().status == "queued"
    assert jobs.run_extraction_jobs() == 1
