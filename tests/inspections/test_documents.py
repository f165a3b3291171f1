"""督办单/催办函 numbered once per matter, and the 督查通报 of a campaign written as a 公文: generated,
converted to PDF by LibreOffice, a page rendered to PNG, its fonts, margins, title and unit table checked."""

import datetime as dt
import io

import docx
import pytest
from django.utils import timezone

from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.inspections import services
from luoshi.inspections.documents import bulletin_draft, document_bytes
from luoshi.inspections.models import IssuedDocument, NumberSequence
from luoshi.org.models import Unit
from luoshi.problems.models import ProblemEvent
from luoshi.reports import official
from luoshi.tasks.models import TaskEvent

from ..reports.pdf import page_count, page_png, page_text, to_pdf


def test_numbers_run_per_kind_and_year(db):
    assert [services.allocate_number("supervision", 2026) for _ in range(3)] == [1, 2, 3]
    assert services.allocate_number("urging", 2026) == 1
    assert services.allocate_number("supervision", 2027) == 1
    assert NumberSequence.objects.get(kind="supervision", year=2026).last == 3


def test_one_matter_keeps_one_number_and_issuing_urges_the_task(key_task, user):
    first = services.issue_notice(key_task, actor=user("deputy1"), kind="supervision")
    again = services.issue_notice(key_task, actor=user("deputy1"), kind="supervision", request="请本周内报送")
    urging = services.issue_notice(key_task, actor=user("deputy1"), kind="urging")
    year = timezone.localdate().year
    assert (
        again.pk == first.pk
        and first.number == f"督办〔{year}〕1号"
        and urging.number == f"催办〔{year}〕1号"
    )
    assert IssuedDocument.objects.count() == 2
    notes = list(TaskEvent.objects.filter(task=key_task, kind="reminded").values_list("note", flat=True))
    assert any(f"已开具督办单（督办〔{year}〕1号）" in n for n in notes)
    form = docx.Document(io.BytesIO(document_bytes(again)))
    cells = {row.cells[0].text: row.cells[1].text for row in form.tables[0].rows}
    assert cells["督办任务"] == "开展年轻干部专题调研" and cells["督办要求"] == "请本周内报送"
    assert "50%" in cells["当前进展"]  # the report luoshi holds, not asked for again


def test_who_may_not_urge_the_task_may_not_issue_its_notice(key_task, user):
    with pytest.raises(Forbidden):
        services.issue_notice(key_task, actor=user("gb1-staff"), kind="supervision")
    with pytest.raises(InvalidInput) as refused:
        services.issue_notice(key_task, actor=user("deputy1"), kind="bulletin")
    assert refused.value.code == "invalid"
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()


def test_a_problem_has_its_own_notices_numbered_once_with_its_particulars(rectifying, user):
    first = services.issue_notice(rectifying, actor=user("deputy1"), kind="supervision")
    again = services.issue_notice(
        rectifying, actor=user("gb1-head"), kind="supervision", request="请本周内报送"
    )
    urging = services.issue_notice(rectifying, actor=user("deputy1"), kind="urging")
    year = timezone.localdate().year
    assert again.pk == first.pk and first.number == f"督办〔{year}〕1号" and first.problem_id == rectifying.pk
    assert urging.number == f"催办〔{year}〕1号" and IssuedDocument.objects.count() == 2
    urged = ProblemEvent.objects.filter(problem=rectifying, kind="urged").values_list("note", flat=True)
    assert any(f"已开具督办单（督办〔{year}〕1号）" in n for n in urged)
    form = docx.Document(io.BytesIO(document_bytes(again)))
    text = "".join(p.text for p in form.paragraphs)
    cells = {row.cells[0].text: row.cells[1].text for row in form.tables[0].rows}
    assert f"督办〔{year}〕1号" in text and cells["督办问题"] == rectifying.title
    assert cells["责任单位"] == "干部一科" and cells["问题来源"] == "督查发现"
    assert cells["发现日期"] == f"{rectifying.found_on:%Y-%m-%d}" and cells["问题类别"] == "干部人事档案"
    assert cells["分管领导"] == "刘振华" and cells["督办要求"] == "请本周内报送"
    lasting = rectifying.measures.get(kind="lasting").task.due_date
    assert "【治标】逐一核对出生日期" in cells["整改措施"] and "【治本】建立专审复核制度" in cells["整改措施"]
    assert cells["整改时限"] == f"{lasting:%Y-%m-%d}"
    letter = "".join(p.text for p in docx.Document(io.BytesIO(document_bytes(urging))).paragraphs)
    assert f"催办〔{year}〕1号" in letter and "由你单位负责整改" in letter and "整改时限" in letter


def test_who_may_not_urge_the_problem_may_not_issue_its_notice(rectifying, user):
    with pytest.raises(Forbidden, match="只有确认整改的人、分管领导和责任单位负责人"):
        services.issue_notice(rectifying, actor=user("gb1-staff"), kind="supervision")
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()


@pytest.fixture
def bulletin(campaign, user):
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    first, second = campaign.points.all()
    services.record_finding(
        campaign, actor=user("inspector"), point=first, unit=gb1, result="met", note="报告成稿"
    )
    services.record_finding(
        campaign, actor=user("inspector"), point=second, unit=gb1, result="problem", note="人选库尚未建立"
    )
    services.record_finding(
        campaign, actor=user("bgs-staff"), point=first, unit=gb2, result="problem", note="未开展专题调研"
    )
    content = bulletin_draft(campaign=campaign)
    content["good_practice"] += "\n干部一科每周调度。"
    return services.issue_bulletin(actor=user("head"), campaign=campaign, content=content)


def test_the_draft_states_the_figures_and_the_problems_by_unit(bulletin):
    content = bulletin.content
    assert "发现问题2个" in content["overview"] and "共检查要点3项（应查4项）" in content["overview"]
    assert content["problems"].splitlines() == ["干部一科：人选库尚未建立", "干部二科：未开展专题调研"]
    assert content["annex"].splitlines()[0].startswith("干部一科｜建立年轻干部人选库｜人选库尚未建立｜")


def test_editing_the_bulletin_keeps_its_number(bulletin, campaign, user):
    again = services.issue_bulletin(
        actor=user("head"),
        campaign=campaign,
        content={**bulletin.content, "title": "关于督查情况的通报（修改）"},
    )
    assert again.pk == bulletin.pk and again.number == bulletin.number and again.title.endswith("（修改）")


def test_the_bulletin_prints_in_the_official_layout(bulletin, tmp_path):
    content = document_bytes(bulletin)
    document = docx.Document(io.BytesIO(content))
    sec = document.sections[0]
    margins = [sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    runs = {r.text: r for p in document.paragraphs for r in p.runs if r.text.strip()}
    mark = runs["江城市委组织部文件"]
    assert mark.font.color.rgb == official.RED and mark.font.name == official.TITLE_FONT
    title = runs["关于年轻干部工作专项督查情况的通报"]
    assert title.font.name == official.TITLE_FONT and title.font.size == official.SIZE_2
    body = next(r for text, r in runs.items() if text.startswith("1．人选库尚未建立"))
    assert body.font.name == official.BODY_FONT and body.font.size == official.SIZE_3
    assert bulletin.number in runs
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:4] == ["序号", "单位", "检查要点", "发现的问题"]
    assert [row.cells[1].text for row in table.rows[1:]] == ["干部一科", "干部二科"]

    pdf = to_pdf(tmp_path, "通报.docx", content)
    first = [line.replace(" ", "") for line in page_text(pdf, 1)]
    assert first[:3] == ["江城市委组织部文件", bulletin.number, "关于年轻干部工作专项督查情况的通报"]
    last = [line.replace(" ", "") for line in page_text(pdf, page_count(pdf))]
    assert (
        "督查发现问题清单" in "".join(last)
        and "干部二科" in "".join(last)
        and "未开展专题调研" in "".join(last)
    )
    png = page_png(pdf, 1)
    from PIL import Image

    image = Image.open(png).convert("RGB")
    assert image.size[0] < image.size[1]  # A4 portrait
    top = image.crop((0, 0, image.size[0], image.size[1] // 4))
    red = sum(1 for r, g, b in top.get_flattened_data() if r > 200 and g < 80 and b < 80)
    assert red > 200  # the red mark and rule stand at the top of the first page


def test_a_target_units_head_may_not_write_the_campaigns_bulletin(bulletin, campaign, user):
    """gb1-head sees the campaign through his own section, one of its targets: he may neither rewrite the
    bulletin about his section (deleting its problems) nor write it first."""
    before = (bulletin.title, dict(bulletin.content))
    rewritten = {
        **bulletin.content,
        "problems": "本次督查未发现问题。",
        "good_practice": "干部一科成效显著。",
    }
    with pytest.raises(Forbidden, match="被检查单位的人员不能起草、修改本次督查通报"):
        services.issue_bulletin(actor=user("gb1-head"), campaign=campaign, content=rewritten)
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.content) == before and bulletin.revised_by is None
    assert not campaign.events.filter(kind="bulletin", actor__user__username="gb1-head").exists()


def test_nobody_of_a_target_unit_writes_the_first_bulletin_either(campaign, user):
    with pytest.raises(Forbidden):
        services.issue_bulletin(
            actor=user("gb2-head"), campaign=campaign, content=bulletin_draft(campaign=campaign)
        )
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()


def test_who_runs_the_campaign_writes_it_and_a_rewrite_names_its_writer(campaign, user):
    first = services.issue_bulletin(
        actor=user("inspector"), campaign=campaign, content=bulletin_draft(campaign=campaign)
    )
    again = services.issue_bulletin(
        actor=user("deputy1"),
        campaign=campaign,
        content={**first.content, "title": "关于督查情况的通报（修改）"},
    )
    assert again.pk == first.pk and again.number == first.number
    assert again.issued_by.user.username == "inspector" and again.revised_by.user.username == "deputy1"
    writers = list(campaign.events.filter(kind="bulletin").values_list("actor__user__username", flat=True))
    assert sorted(writers) == ["deputy1", "inspector"]


@pytest.mark.parametrize("username", ["gb1-head", "gb2-head", "jcq-head", "gb1-staff"])
def test_a_period_bulletin_is_the_departments_not_a_sections_or_a_countys(demo, user, username):
    today = timezone.localdate()
    content = {"title": "关于本月督查情况的通报"}
    with pytest.raises(Forbidden, match="阶段督查通报由部领导和督查员印发"):
        services.issue_bulletin(actor=user(username), period=(today, today), content=content)
    assert not IssuedDocument.objects.exists()
    written = services.issue_bulletin(actor=user("inspector"), period=(today, today), content=content)
    assert written.issued_by.user.username == "inspector"


def test_a_campaign_on_the_department_itself_is_written_up_by_its_leaders(user, person):
    """The inspector holds his role in the 部机关: a campaign on the 部机关 is about his own unit, so its
    bulletin is written by a 部领导, not by him."""
    today = timezone.localdate()
    campaign = services.create_campaign(
        actor=user("head"),
        kind="inspection",
        topic="部机关作风督查",
        start_date=today,
        end_date=today,
        target_units=[Unit.objects.get(code="swzzb")],
        extra_points=["工作作风是否扎实"],
        teams=[services.TeamInput("第一督查组", person("inspector"))],
    )
    content = bulletin_draft(campaign=campaign)
    with pytest.raises(Forbidden, match="被检查单位的人员不能起草"):
        services.issue_bulletin(actor=user("inspector"), campaign=campaign, content=content)
    assert services.issue_bulletin(actor=user("deputy1"), campaign=campaign, content=content).number


def test_the_problems_own_unit_issues_no_notice_against_the_unit_made_responsible(user):
    """Even as who confirmed it, the office issues no 督办单 against the section a leader made responsible
    for the office's own problem (代上级交办 does not reach a problem's rectification)."""
    from luoshi.problems import services as problem_services
    from luoshi.problems.models import Problem

    today = timezone.localdate()
    problem = problem_services.record_problem(
        actor=user("inspector"),
        unit=Unit.objects.get(code="bgs"),
        source="inspection",
        description="台账未更新",
    )
    problem = problem_services.confirm_problem(
        problem,
        actor=user("deputy1"),
        root_cause="一科未及时报送材料",
        responsible_unit=Unit.objects.get(code="gb1"),
        measures=[{"kind": "quick", "title": "补报材料", "due_date": today + dt.timedelta(days=9)}],
    )
    Problem.objects.filter(pk=problem.pk).update(confirmed_by=user("bgs-head"))
    problem.refresh_from_db()
    for kind in ("supervision", "urging"):
        with pytest.raises(Forbidden, match="责任单位另有指定的，须是它的分管领导或负责人"):
            services.issue_notice(problem, actor=user("bgs-head"), kind=kind, request="请干部一科立即整改")
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()
    assert not ProblemEvent.objects.filter(problem=problem, kind="urged").exists()
    assert services.issue_notice(problem, actor=user("deputy1"), kind="urging").number.startswith("催办〔")
