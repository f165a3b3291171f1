"""Entering a directive: one service for the page and the API, checked and extracted in one transaction;
the defaults a requirement turned into a task gets, decided here for every caller."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.directives import services
from luoshi.directives.choices import RequirementStatus
from luoshi.directives.models import Directive, Requirement
from luoshi.tasks import cadence

SPEECH = "一要抓好年轻干部培养，干部一科牵头，6月底前完成。二要加强基层党组织建设，组织一科负责，年内完成。"


def test_a_directive_and_its_requirements_are_entered_together(user):
    directive, found = services.enter_directive(actor=user("bgs-staff"), title="讲话", text=SPEECH)
    assert found and directive.requirements.count() == len(found)
    assert directive.issued_on == timezone.localdate()


def test_an_extraction_that_fails_leaves_no_directive(user, monkeypatch):
    from luoshi import extract

    def broken(*args, **kwargs):
        raise extract.ExtractError("无法分解")

    monkeypatch.setattr(extract, "extract", broken)
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=user("bgs-staff"), title="讲话", text=SPEECH)
    assert refused.value.code == "extract_failed" and not Directive.objects.exists()


def test_an_upload_is_checked_by_the_service(user, settings):
    settings.LUOSHI_MAX_UPLOAD_MB = 0
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=user("bgs-staff"), upload=SimpleUploadedFile("讲话.txt", SPEECH.encode()))
    assert refused.value.code == "file_too_big" and not Directive.objects.exists()


def test_an_uploaded_document_is_titled_by_its_name(user):
    directive, _ = services.enter_directive(actor=user("bgs-staff"), issued_on=dt.date(2026, 3, 2),
                                            upload=SimpleUploadedFile("春节收心会讲话.txt", SPEECH.encode()))
    assert directive.title == "春节收心会讲话" and directive.issued_on == dt.date(2026, 3, 2)


def test_text_and_a_file_together_are_refused(user):
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=user("bgs-staff"), title="讲话", text=SPEECH,
                                 upload=SimpleUploadedFile("a.txt", SPEECH.encode()))
    assert refused.value.code == "text_and_file"


def test_a_requirement_without_a_reason_is_rejected_with_the_usual_one(user):
    _, found = services.enter_directive(actor=user("bgs-staff"), title="讲话", text=SPEECH)
    rejected = services.reject_requirement(found[0], actor=user("bgs-staff"))
    assert rejected.status == RequirementStatus.REJECTED
    assert rejected.reject_reason == services.DEFAULT_REJECT_REASON
    with pytest.raises(InvalidInput):
        services.reject_requirement(found[1], actor=user("bgs-staff"), reason="  ")


def test_a_task_from_a_requirement_that_names_no_cadence_gets_the_default(user):
    _, found = services.enter_directive(actor=user("bgs-staff"), title="讲话", text=SPEECH)
    Requirement.objects.filter(pk=found[0].pk).update(cadence="")
    task = services.accept_requirement(found[0], actor=user("bgs-staff"))
    assert task.cadence == cadence.DEFAULT
