"""The task page: what it shows once."""

import datetime as dt

from luoshi.directives.models import Directive, Requirement


def _requirement(text: str) -> Requirement:
    directive = Directive.objects.create(
        title="部长讲话", kind="speech", issued_on=dt.date(2026, 9, 1), text=text
    )
    return Requirement.objects.create(directive=directive, text=text, start=0, end=len(text))


def test_the_source_words_show_once_when_they_are_the_task_content(client_as, make_task):
    words = "开展年轻干部专题调研，形成调研报告。"
    requirement = _requirement(words)
    task = make_task(
        assign=True, directive=requirement.directive, requirement=requirement, description=words + "\n"
    )
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert page.count(words) == 1 and "任务内容" in page
    assert 'data-testid="source-quote"' not in page and "来源文件：部长讲话" in page


def test_the_source_words_show_beside_a_content_of_its_own(client_as, make_task):
    requirement = _requirement("一要开展年轻干部专题调研。")
    task = make_task(
        assign=True, directive=requirement.directive, requirement=requirement, description="调研三个县区"
    )
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert 'data-testid="source-quote"' in page and "一要开展年轻干部专题调研。" in page
    assert "调研三个县区" in page
