"""Entering a directive: one service for the page and the API, checked and extracted in one transaction;
the defaults a requirement turned into a task gets, decided here for every caller; several requirements
become assigned tasks in one step, with clean titles, the lead unit's 分管领导, the co-units found and
never an invented deadline."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.core import cadence
from luoshi.core.errors import Forbidden, InvalidInput, NotFound
from luoshi.directives import acceptance, services
from luoshi.directives.choices import DirectiveKind, RequirementStatus
from luoshi.directives.models import Directive, Requirement
from luoshi.org.models import Person
from luoshi.tasks.models import Task
from tests.core.documents import task_document
from tests.core.ledgers import ROWS
from tests.factories import UnitFactory, member

from ..concurrency import locked_tables, needs_lock_of


@pytest.fixture
def clerk(db):
    """Any business user may enter a directive: one staff member of one unit, not the whole demo."""
    return member(UnitFactory(name="办公室")).user


SPEECH = "一要抓好年轻干部培养，干部一科牵头，6月底前完成。二要加强基层党组织建设，组织一科负责，年内完成。"


def test_a_directive_and_its_requirements_are_entered_together(clerk):
    directive, found = services.enter_directive(actor=clerk, title="讲话", text=SPEECH)
    assert found and directive.requirements.count() == len(found)
    assert directive.issued_on == timezone.localdate()


def test_a_pasted_text_s_line_ends_are_kept_out_of_its_requirements(clerk):
    """A browser posts a textarea with CR LF: no CR reaches the directive or a requirement drawn from it."""
    directive, found = services.enter_directive(
        actor=clerk, title="讲话", text="一、工作要求\r\n" + SPEECH.replace("。二", "。\r\n二") + "\r\n"
    )
    assert found and "\r" not in directive.text
    assert all("\r" not in r.text for r in found)


def test_an_extraction_that_fails_leaves_no_directive(clerk, monkeypatch):
    from luoshi import extract

    def broken(*args, **kwargs):
        raise extract.ExtractError("无法分解")

    monkeypatch.setattr(extract, "extract", broken)
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=clerk, title="讲话", text=SPEECH)
    assert refused.value.code == "extract_failed" and not Directive.objects.exists()


def test_an_upload_is_checked_by_the_service(clerk, settings):
    settings.LUOSHI_MAX_UPLOAD_MB = 0
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=clerk, upload=SimpleUploadedFile("讲话.txt", SPEECH.encode()))
    assert refused.value.code == "file_too_big" and not Directive.objects.exists()


def test_the_attack_a_document_of_more_table_rows_than_a_speech_holds_is_refused_before_it_is_parsed(
    clerk, monkeypatch
):
    """A 2.6 MB .docx of 250,000 table rows passed every upload check and held a worker over 90 s and
    1.2 GB in python-docx (``luoshi extract`` on it likewise); its rows are counted as its XML is read."""
    from luoshi import extract

    def never(*args, **kwargs):
        raise AssertionError("the document was parsed")

    monkeypatch.setattr(services, "DOCUMENT_TABLE_ROWS", 10)
    monkeypatch.setattr(extract, "read_document", never)
    upload = SimpleUploadedFile("讲话.docx", task_document(ROWS * 10))
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(actor=clerk, upload=upload)
    assert refused.value.code == "too_many_rows" and not Directive.objects.exists()
    assert (
        refused.value.message == "“讲话.docx”的表格超过10行，一次最多导入10行。请删去与要求无关的附表后再上传"
    )


def test_an_uploaded_document_is_titled_by_its_name(clerk):
    directive, _ = services.enter_directive(
        actor=clerk,
        issued_on=dt.date(2026, 3, 2),
        upload=SimpleUploadedFile("春节收心会讲话.txt", SPEECH.encode()),
    )
    assert directive.title == "春节收心会讲话" and directive.issued_on == dt.date(2026, 3, 2)


def test_the_attack_an_uploaded_text_loses_its_zero_width_and_direction_characters(clerk):
    """A file brings what a typed text may not carry: it is read without them, so no requirement or task
    drawn from it reads reversed or differs unseen from its twin."""
    hidden = SPEECH.replace("，", "\u200b，", 3).replace("。", "\u202e。", 2)
    directive, _ = services.enter_directive(
        actor=clerk, issued_on=dt.date(2026, 3, 2), upload=SimpleUploadedFile("讲话.txt", hidden.encode())
    )
    assert "\u200b" not in directive.text and "\u202e" not in directive.text
    assert not any("\u200b" in r.text or "\u202e" in r.text for r in directive.requirements.all())


def test_text_and_a_file_together_are_refused(clerk):
    with pytest.raises(InvalidInput) as refused:
        services.enter_directive(
            actor=clerk, title="讲话", text=SPEECH, upload=SimpleUploadedFile("a.txt", SPEECH.encode())
        )
    assert refused.value.code == "text_and_file"


def test_a_requirement_without_a_reason_is_rejected_with_the_usual_one(clerk):
    _, found = services.enter_directive(actor=clerk, title="讲话", text=SPEECH)
    rejected = acceptance.reject_requirement(found[0], actor=clerk)
    assert rejected.status == RequirementStatus.REJECTED
    assert rejected.reject_reason == acceptance.DEFAULT_REJECT_REASON
    with pytest.raises(InvalidInput):
        acceptance.reject_requirement(found[1], actor=clerk, reason="  ")


@needs_lock_of
def test_deciding_a_requirement_locks_the_requirement_not_its_directive(clerk):
    """Requirements of one directive are decided side by side; none holds the directive's row."""
    _, found = services.enter_directive(actor=clerk, title="讲话", text=SPEECH)
    locks = locked_tables(lambda: acceptance.reject_requirement(found[0], actor=clerk))
    assert locks and all(tables == {"directives_requirement"} for tables in locks)


def test_a_task_from_a_requirement_that_names_no_cadence_gets_the_default(clerk):
    _, found = services.enter_directive(actor=clerk, title="讲话", text=SPEECH)
    Requirement.objects.filter(pk=found[0].pk).update(cadence="")
    task = acceptance.accept_requirement(found[0], actor=clerk, lead_unit=clerk.person.unit)
    assert task.cadence == cadence.DEFAULT


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("（一）要持续整顿软弱涣散村党组织。", "要持续整顿软弱涣散村党组织。"),
        ("(2) 各科室要在6月底前完成。", "各科室要在6月底前完成。"),
        ("1.各乡镇要在6月底前完成排查。", "各乡镇要在6月底前完成排查。"),
        ("3、干部二科要完善考核办法。", "干部二科要完善考核办法。"),
        ("4）组织一科要完成党员排查。", "组织一科要完成党员排查。"),
        ("一、干部一科要完成专题调研。", "干部一科要完成专题调研。"),
        ("十二．各单位要按时报送。", "各单位要按时报送。"),
        ("①各乡镇要完成轮训。", "各乡镇要完成轮训。"),
    ],
)
def test_a_tasks_content_leaves_out_the_outline_marker_that_numbered_the_requirement(text, content):
    assert acceptance.default_content(Requirement(text=text)) == content


@pytest.mark.parametrize(
    "text",
    [
        "一要抓好年轻干部培养，干部一科牵头，6月底前完成。",
        "二要加强基层党组织建设，组织一科负责。",
        "一是各乡镇要在6月底前完成村级党组织书记轮训。",
        "第一，各科室要在6月底前完成。",
        "1.5万名党员要在年底前完成轮训。",
        "2026年底前完成换届。",
        "十分重要的是各单位要按时报送。",
    ],
)
def test_a_numeral_that_is_a_word_of_the_sentence_stays_in_the_tasks_content(text):
    """一要…, 二要…, 一是…, 第一，… are said, not outline markers: the sentence keeps them."""
    assert acceptance.default_content(Requirement(text=text)) == text


def test_a_task_drawn_from_a_numbered_requirement_or_merged_ones_gets_them_without_the_marker(clerk):
    text = (
        "（一）要抓好年轻干部培养，6月底前完成。\n（二）要加强干部监督，年内完成。\n"
        "（三）要做好人才工作，年内完成。"
    )
    _, found = services.enter_directive(actor=clerk, title="讲话", text=text)
    assert [r.text[:3] for r in found] == ["（一）", "（二）", "（三）"]
    task = acceptance.accept_requirement(found[0], actor=clerk, lead_unit=clerk.person.unit)
    assert task.description == "要抓好年轻干部培养，6月底前完成"
    merged = acceptance.merge_requirements(found[1:], actor=clerk, lead_unit=clerk.person.unit)
    assert merged.description.splitlines() == ["要加强干部监督，年内完成", "要做好人才工作，年内完成"]


SIX = (
    "一、干部一科要在明年6月底前完成年轻干部专题调研。二、干部二科要在明年3月底前完善考核办法，办公室配合。"
    "三、组织一科要在一季度内完成党员排查。四、人才工作科要在明年4月底前完成人才政策评估。"
    "五、公务员管理科要在明年3月底前完成公务员招录方案。六、研究室要在明年5月底前形成调研报告。"
)


@pytest.fixture
def directive(user):
    directive = services.create_directive(
        actor=user("bgs-staff"), title="部长讲话", text=SIX, issued_on=dt.date(2026, 11, 20)
    )
    services.extract_requirements(directive, actor=user("bgs-staff"))
    return directive


def test_five_requirements_become_assigned_tasks_with_leaders(directive, user, demo):
    first, second, _, *rest = directive.requirements.order_by("start")
    rows = [(r, {}) for r in [first, second, *rest]]
    tasks = acceptance.accept_requirements(rows, actor=user("bgs-staff"))
    assert len(tasks) == 5 and {t.status for t in tasks} == {"assigned"}
    by_title = {t.title: t for t in Task.objects.select_related("leader")}
    assert set(by_title) == {
        "完成年轻干部专题调研",
        "完善考核办法",
        "完成人才政策评估",
        "完成公务员招录方案",
        "形成调研报告",
    }
    assert by_title["完成年轻干部专题调研"].leader.user.username == "deputy1"
    assert by_title["完成人才政策评估"].leader.user.username == "deputy4"
    assert by_title["完成年轻干部专题调研"].due_date == dt.date(2027, 6, 30)
    assert list(by_title["完善考核办法"].co_units.values_list("code", flat=True)) == ["bgs"]
    assert Requirement.objects.filter(status="accepted").count() == 5


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_a_requirement_one_may_not_read_is_not_found_by_every_decision(directive, user, username):
    """The services judge visibility themselves (so the CLI and the imports do): who may not read a
    directive finds none of its requirements, whatever the door — 404, never a 403 that confirms it."""
    first, second, *_ = directive.requirements.order_by("start")
    actor = user(username)
    decisions = [
        lambda: acceptance.accept_requirement(first.pk, actor=actor),
        lambda: acceptance.accept_requirements([(first, {})], actor=actor),
        lambda: acceptance.merge_requirements([first, second], actor=actor),
        lambda: acceptance.split_requirement(first, actor=actor, titles=["甲", "乙"]),
        lambda: acceptance.reject_requirement(first.pk, actor=actor),
        lambda: services.set_requirement_answers(first.pk, actor=actor, uppers=[]),
        lambda: services.set_answers(directive.pk, actor=actor, uppers=[]),
    ]
    for decide in decisions:
        with pytest.raises(NotFound):
            decide()
    assert not Task.objects.exists() and not directive.requirements.exclude(status="proposed").exists()


@pytest.mark.parametrize("username", ["jcq-head", "gwy-staff"])
def test_the_attack_another_unit_takes_no_requirement_of_the_directive_as_its_own_task(
    directive, user, username
):
    """转为任务 marks a requirement done in every reader's 对标对表 and closes it to its own unit, so it is
    the directive's unit's (and its leaders') decision, like 不作为任务, or a unit's the text names: a
    county head or another section reads the speech but takes none of it for itself through any door;
    the office that entered it still decides it, and the section it names takes it up."""
    first, second, *_ = directive.requirements.order_by("start")
    actor = user(username)
    own = {"lead_unit": Person.objects.get(user=actor).unit}
    decisions = [
        lambda: acceptance.accept_requirement(first.pk, actor=actor, **own),
        lambda: acceptance.accept_requirements([(first, own)], actor=actor, assign=False),
        lambda: acceptance.merge_requirements([first, second], actor=actor, **own),
        lambda: acceptance.split_requirement(first, actor=actor, titles=["甲", "乙"], **own),
    ]
    for decide in decisions:
        with pytest.raises(Forbidden) as refused:
            decide()
        assert "录入该文件的单位或分管该单位的领导" in refused.value.message
    assert not Task.objects.exists() and not directive.requirements.exclude(status="proposed").exists()
    assert acceptance.accept_requirement(first.pk, actor=user("gb1-head")).lead_unit.code == "gb1"
    third = directive.requirements.order_by("start")[2]  # names 组织一科: the office gives it to itself
    office = Person.objects.get(user__username="bgs-staff").unit
    assert (
        acceptance.accept_requirement(third.pk, actor=user("bgs-staff"), lead_unit=office).lead_unit == office
    )


def test_the_attack_a_registrars_transfer_does_not_hand_the_directive_to_his_new_unit(directive, user):
    """The office clerk who entered the speech is transferred to 江城区 (the security admin approves her new
    home unit): the county's head does not set its requirements aside as the speech's unit, and the office
    and the deputy over it still decide them; nothing is written by the refusal."""
    from luoshi.org import services as org_services
    from luoshi.org.models import Unit
    from luoshi.org.services.structure import pending_home_unit

    clerk = Person.objects.get(user__username="bgs-staff")
    org_services.update_person(
        clerk, actor=user("admin"), name=clerk.name, unit=Unit.objects.get(code="jcq"), title=clerk.title
    )
    transfer = pending_home_unit(clerk)
    org_services.approve_proposals([transfer.pk], actor=user("secadmin"))
    assert Person.objects.get(pk=clerk.pk).unit.code == "jcq"
    first, second, *_ = directive.requirements.order_by("start")
    with pytest.raises(Forbidden):
        acceptance.reject_requirement(first, actor=user("jcq-head"), reason="县里不需要")
    assert Requirement.objects.get(pk=first.pk).status == RequirementStatus.PROPOSED
    acceptance.reject_requirement(first, actor=user("bgs-head"), reason="已有安排")
    acceptance.reject_requirement(second, actor=user("deputy1"), reason="已有安排")


def test_a_named_unit_merges_into_its_task_only_what_names_it(directive, user):
    """合并 marks every merged requirement done, so each is asked as the first is: 干部一科, named by the
    first, may not fold 干部二科's into its own task; nothing is written. It may split its own."""
    first, second, *_ = directive.requirements.order_by("start")
    with pytest.raises(Forbidden) as refused:
        acceptance.merge_requirements([first, second], actor=user("gb1-head"))
    assert refused.value.code == "not_directive_owner"
    assert not Task.objects.exists() and not directive.requirements.exclude(status="proposed").exists()
    tasks = acceptance.split_requirement(first, actor=user("gb1-head"), titles=["甲", "乙"])
    assert [(t.lead_unit.code, t.requirement_id) for t in tasks] == [("gb1", first.pk), ("gb1", first.pk)]


def test_every_task_from_a_requirement_is_asked_the_same_rule_whatever_the_caller(directive, user):
    """The task service asks the directives' rule itself (directives.link_task), so a caller that skips
    the acceptance service gets no further: a unit the requirement does not name is refused, and a
    requirement is never put under another directive's name."""
    from luoshi.org.models import Unit
    from luoshi.tasks.services import create_task

    first, second, *_ = directive.requirements.order_by("start")
    gb1 = Unit.objects.get(code="gb1")
    fields = {"title": "落实", "lead_unit": gb1, "directive": directive}
    with pytest.raises(Forbidden) as refused:
        create_task(actor=user("gb1-head"), requirement=second, **fields)
    assert refused.value.code == "not_directive_owner"
    other = services.create_directive(
        actor=user("bgs-staff"), title="另一份讲话", text="要抓落实。", issued_on=dt.date(2026, 11, 20)
    )
    with pytest.raises(InvalidInput) as mismatched:
        create_task(actor=user("bgs-staff"), requirement=first, **{**fields, "directive": other})
    assert mismatched.value.code == "requirement_of_another_directive"
    assert not Task.objects.exists()
    assert create_task(actor=user("gb1-head"), requirement=first, **fields).requirement == first


def test_an_unplaced_deadline_is_flagged_and_blocks_assignment_of_all(directive, user):
    first, second, third, *_ = directive.requirements.order_by("start")
    assert acceptance.deadline_flag(third).startswith(
        "识别的时限“一季度内”"
    )  # read, but before the speech's date
    Requirement.objects.filter(pk=second.pk).update(
        deadline={"phrase": "春节前", "date": None, "placeholder": False}
    )
    second.refresh_from_db()
    assert acceptance.deadline_flag(second) == "时限“春节前”未能换算为具体日期，请填写完成时限"
    assert acceptance.deadline_flag(first) == ""
    with pytest.raises(InvalidInput) as refused:
        acceptance.accept_requirements([(first, {}), (second, {})], actor=user("bgs-staff"))
    assert refused.value.message.startswith("第2条（") and "完成时限" in refused.value.message
    assert refused.value.errors["row"] == [second.pk]
    assert not Task.objects.exists() and not Requirement.objects.filter(status="accepted").exists()
    tasks = acceptance.accept_requirements(
        [(first, {}), (second, {"due_date": dt.date(2027, 2, 5)})], actor=user("bgs-staff")
    )
    assert [t.due_date for t in tasks] == [dt.date(2027, 6, 30), dt.date(2027, 2, 5)]


def test_a_row_refused_for_two_reasons_is_one_line_with_both(directive, user):
    """转为任务并交办 on rows that name neither a 牵头单位 nor a 完成时限: one line per row, all its
    reasons on it, each row named once."""
    directive.requirements.filter(start__gt=0).update(deadline=None, owners=[])
    _, second, third, *_ = directive.requirements.order_by("start")
    with pytest.raises(InvalidInput) as refused:
        acceptance.accept_requirements([(second, {}), (third, {})], actor=user("bgs-staff"))
    lines = refused.value.message.split("\n")
    assert [line.split("：", 1)[1] for line in lines] == ["请选择牵头单位；交办前请先填写完成时限"] * 2
    assert lines[0].startswith("第2条（") and lines[1].startswith("第3条（")
    assert refused.value.errors["row"] == [second.pk, third.pk]
    assert [r["code"] for r in refused.value.errors["rows"]] == ["lead_unit_required", "due_required"] * 2
    assert not Task.objects.exists()


def test_a_refusal_names_every_row_without_a_date_by_its_number_on_the_page(directive, user):
    """All or none, and the refusal says every row that stops it, numbered as the page numbers them (a
    row set aside has no number), not by its place among the rows chosen."""
    first, second, third, _, fifth, *_ = directive.requirements.order_by("start")
    acceptance.reject_requirement(first, actor=user("bgs-staff"))
    Requirement.objects.filter(pk=fifth.pk).update(deadline=None)
    with pytest.raises(InvalidInput) as refused:
        acceptance.accept_requirements([(second, {}), (third, {}), (fifth, {})], actor=user("bgs-staff"))
    assert refused.value.message.split("\n") == [
        "第2条（三、组织一科要在一季度内…）：交办前请先填写完成时限",
        "第4条（五、公务员管理科要在明年…）：交办前请先填写完成时限",
    ]
    assert refused.value.errors["row"] == [third.pk, fifth.pk]
    assert [(r["row"], r["code"]) for r in refused.value.errors["rows"]] == [
        (third.pk, "due_required"),
        (fifth.pk, "due_required"),
    ]
    assert not Task.objects.exists() and not Requirement.objects.filter(status="accepted").exists()


def test_drafts_only_when_not_assigning(directive, user):
    first = directive.requirements.order_by("start").first()
    (task,) = acceptance.accept_requirements([(first, {})], actor=user("bgs-staff"), assign=False)
    assert task.status == "draft"


def test_nothing_selected_is_refused(user, demo):
    with pytest.raises(InvalidInput, match="请先勾选"):
        acceptance.accept_requirements([], actor=user("bgs-staff"))


def test_a_named_leader_wins_over_the_oversight(directive, user):
    first = directive.requirements.order_by("start").first()
    head = Person.objects.get(user__username="head")
    (task,) = acceptance.accept_requirements([(first, {"leader": head})], actor=user("bgs-staff"))
    assert task.leader == head


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于做好年度档案移交工作的通知", DirectiveKind.DOCUMENT),
        ("2025年党建工作要点（党委办公室）", DirectiveKind.DOCUMENT),
        ("全市安全生产大检查工作方案。", DirectiveKind.DOCUMENT),
        ("部长办公会会议纪要", DirectiveKind.MINUTES),
        ("市委书记对信访工作的批示", DirectiveKind.INSTRUCTION),
        ("部长在春节收心会上的讲话", DirectiveKind.SPEECH),
        ("西园街道召开文明创建工作推进会", DirectiveKind.SPEECH),
    ],
)
def test_a_title_names_its_kind_by_its_last_word(title, kind):
    assert services.kind_from_title(title) == kind


def test_a_directive_entered_without_a_kind_takes_the_one_its_title_names(clerk):
    directive, _ = services.enter_directive(
        actor=clerk, title="关于做好档案移交工作的通知", text="各科室要于6月底前完成档案移交。"
    )
    assert directive.kind == DirectiveKind.DOCUMENT
    chosen, _ = services.enter_directive(
        actor=clerk, title="关于做好档案移交工作的通知", text="各科室要于6月底前完成档案移交。", kind="speech"
    )
    assert chosen.kind == DirectiveKind.SPEECH
