"""A requirement's task name: the work it asks for, without its list marker, owner, modal or time phrase."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.extract.titles import TITLE_LENGTH, short_title


@pytest.mark.parametrize(
    "text, phrase, title",
    [
        (
            "（一）要在明年1月底前完成全市干部档案专项审核工作，确保不漏一人。",
            "明年1月底前",
            "完成全市干部档案专项审核工作",
        ),
        ("1. 干部一科要开展年轻干部调研。", "", "开展年轻干部调研"),
        ("一是增强“复命”意识，通俗来讲就是要“扯回销”", "", "增强“复命”意识"),
        ("各科室要在年底前完成自查。", "年底前", "完成自查"),
        ("一要认真学习，深刻领会精髓。", "", "认真学习"),
        ("各分管副部长要组织分管科室专题学习，结合分管工作", "", "组织分管科室专题学习"),
        ("干部二科必须于6月底前完善考核办法", "6月底前", "完善考核办法"),
        ("重要指示精神要传达到每个支部", "", "重要指示精神要传达到每个支部"),
    ],
)
def test_short_title(text, phrase, title):
    assert short_title(text, phrase) == title


@pytest.mark.parametrize(
    "text, phrase, title",
    [
        ("基层党建科牵头，6月底前完成软弱涣散村党组织整顿", "6月底前", "完成软弱涣散村党组织整顿"),
        ("由干部二科牵头，办公室配合，每月5日前报送进展", "", "报送进展"),
        ("由组织科负责，务必在9月底前建立干部监督台账", "9月底前", "建立干部监督台账"),
        ("请基层党建科会同组织科于年内完成村级组织换届风险排查", "年内", "完成村级组织换届风险排查"),
        ("年内要完成全部整改任务", "年内", "完成全部整改任务"),
        ("从4月份开始，各乡镇要组织一次走访", "", "组织一次走访"),
        ("省委书记强调，要加快推进全市中小学校舍安全工程建设", "", "加快推进全市中小学校舍安全工程建设"),
        ("牵头单位：干部一科；配合单位：干部二科；完善干部考核办法", "", "完善干部考核办法"),
        ("同志们，要在年底前完成全部整改任务", "年底前", "完成全部整改任务"),
        ("各位同志，大家要把学习成果转化为工作实效", "", "把学习成果转化为工作实效"),
    ],
)
def test_the_title_skips_who_and_by_when(text, phrase, title):
    assert short_title(text, phrase) == title


def test_an_owner_the_engine_read_is_left_out_whatever_it_is_called():
    assert short_title("县委编办牵头，年底前完成机构改革", mentions=["县委编办"]) == "完成机构改革"


@pytest.mark.parametrize(
    "text, title",
    [
        # a topic heading and a body naming who acts: the body's work, as under a parent heading
        ("三、加强自身建设。部机关各科室要认真开展学习，每月报送学习情况", "开展学习"),
        ("一、抓好基层党建。基层党建科牵头，6月底前完成软弱涣散村党组织整顿", "完成软弱涣散村党组织整顿"),
        ("（二）严格考核\n由干部一科负责制定考核细则", "制定考核细则"),
        # a heading that directs, or a body that names no actor: the heading is the task
        ("一要认真学习。深刻领会精髓，要组织专题学习。", "认真学习"),
        ("（二）进一步推进政务公开\n对各类信息要及时公开", "进一步推进政务公开"),
        ("三、加强自身建设。", "加强自身建设"),
        # a body saying only who and by when: the heading is the work
        (
            "一、完成年轻干部队伍建设专题调研报告。干部一科牵头，1月31日前完成",
            "完成年轻干部队伍建设专题调研报告",
        ),
    ],
)
def test_a_heading_names_the_task_only_when_its_body_names_no_actor(text, title):
    assert short_title(text) == title


def test_a_long_clause_is_cut_before_a_conjunction():
    text = "要加快推进全市中小学校舍安全工程建设和农村义务教育阶段学校标准化建设工作"
    assert short_title(text) == "加快推进全市中小学校舍安全工程建设"


def test_a_long_clause_without_a_break_is_cut_at_the_limit():
    title = short_title("要" + "认真" * 80)
    assert len(title) == TITLE_LENGTH and "…" not in title


@pytest.mark.parametrize(
    "text, mentions, title",
    [
        # 切实/认真: how, not what
        ("要切实抓好党员队伍建设", [], "抓好党员队伍建设"),
        # the partners after the owner
        ("人才办要会同市住建局对人才公寓项目挂图作战", ["人才办", "市住建局"], "对人才公寓项目挂图作战"),
        ("干部教育科会同市委党校，6月底前制定教学方案", ["市委党校"], "制定教学方案"),
        # a time in brackets after the work
        ("1.成立换届工作机构（2025年10月底前）", [], "成立换届工作机构"),
        # a trailing 等
        ("1、讨论完善园务计划、教科研计划、行事历等", [], "讨论完善园务计划、教科研计划、行事历"),
        # a condition ending in 的: the work is in the next clause
        ("确因特殊情况不能参加会议的，须向办公室请假", [], "向办公室请假"),
        # 第二 of 第二阶段 is no list marker, and the stage is when, not the work
        ("第二阶段，召开全体党员大会", [], "召开全体党员大会"),
        ("第二，要加强学习", [], "加强学习"),
        # a clause naming only when (会后, 目前) or the occasion (借此机会) is no work
        ("会后，两办要尽快整理印发会议纪要", [], "整理印发会议纪要"),
        ("目前，要抓紧完成干部档案审核", [], "抓紧完成干部档案审核"),
        ("借此机会，向受表彰的同志表示祝贺", [], "向受表彰的同志表示祝贺"),
        # a clause split at the 、 inside a bracket
        ("（二）学生寒假从2月7日开始至3月2日（农历正月十五）", [], "学生寒假从2月7日开始至3月2日"),
    ],
)
def test_the_title_drops_what_is_not_the_work(text, mentions, title):
    assert short_title(text, mentions=mentions) == title


def test_a_long_title_is_cut_at_a_word_end_and_leaves_no_bracket_open():
    text = "严格按照《湖南省人民政府办公厅关于召开全省第二次农业普查领导小组会议的通知》执行"
    title = short_title(text)
    assert title == "严格按照" and len(title) <= TITLE_LENGTH
    title = short_title("要" + "深入贯彻习近平总书记关于加强防灾减灾工作的重要指示批示精神切实做好")
    assert len(title) <= TITLE_LENGTH and title.endswith(("指示", "批示", "精神"))


def test_nothing_left_keeps_the_text():
    assert short_title("（一）") == "（一）"


PIECES = [
    "一、",
    "（三）",
    "1.",
    "一要",
    "二是",
    "基层党建科",
    "干部一科",
    "牵头",
    "负责",
    "由",
    "请",
    "会同",
    "要",
    "必须",
    "务必",
    "在",
    "6月底前",
    "年内",
    "每月5日前",
    "10个工作日内",
    "完成",
    "软弱涣散村党组织整顿",
    "加强自身建设",
    "牵头单位：",
    "。",
    "，",
    ",",
    "；",
    "：",
    "\n",
    " ",
    "“",
    "”",
    "、",
    "和",
]


STOPS = "，,。；;：:、！!？? "


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=30).map("".join)))
def test_a_title_is_a_short_clean_piece_of_the_text(text):
    title = short_title(text, "6月底前", mentions=["干部一科"])
    flat = re.sub(r"[^\S\n]+", " ", text.strip())
    assert len(title) <= TITLE_LENGTH
    if flat.strip("，,。；;：:、！!？? \n"):
        assert title and title in flat.replace("\n", " ")
        assert title[0] not in STOPS and title[-1] not in STOPS


@pytest.mark.parametrize(
    "text, title",
    [
        ("1、6月10日前，完成毕业资格审核", "完成毕业资格审核"),  # 1、 before a date is a marker too
        ("1加强理论学习", "加强理论学习"),  # a number glued to what it numbers
        ("24小时值班", "24小时值班"),  # a number that counts stays
    ],
)
def test_a_leading_number_of_any_kind_is_left_out(text, title):
    assert short_title(text, "6月10日前") == title


@pytest.mark.parametrize(
    "text, phrase, mentions, title",
    [
        ("会议要求该镇辖区各村强化巡查机制", "", ["该镇辖区各村"], "强化巡查机制"),
        ("配合区执法局做好环境卫生保洁", "", ["区执法局"], "做好环境卫生保洁"),
        ("各市直工委要在本通知印发后5个工作日内召开动员会", "5个工作日内", ["各市直工委"], "召开动员会"),
        # the object brought forward before the deadline stays, and so does a name inside the work
        (
            "各校要将安全排查情况于9月30日前形成书面材料",
            "9月30日前",
            ["各校"],
            "将安全排查情况于9月30日前形成书面材料",
        ),
        ("样板党支部需提交样板党支部建设情况报告", "", ["样板党支部"], "提交样板党支部建设情况报告"),
    ],
)
def test_the_owner_and_deadline_fields_are_not_repeated(text, phrase, mentions, title):
    assert short_title(text, phrase, mentions=mentions) == title


def test_a_clock_time_is_read_whole_and_left_out():
    assert short_title("3月26日12:00前，各团支部进行申报", "3月26日", mentions=["各团支部"]) == "进行申报"


def test_a_byline_names_no_work():
    assert short_title("本报讯(记者 屈媛)2月9日下午，区政府召开全体会") == "区政府召开全体会"
