import pytest

from luoshi.extract.mentions import core
from luoshi.extract.owners import (
    attribute_owners,
    clause_actors,
    collective,
    longest_actor,
    opens_word,
    partner_owners,
    phrase_owners,
    relative,
    requested,
    split_actors,
    subject_owners,
)


def names(owners):
    return [(o.mention, o.role) for o in owners]


def test_attribute_lines_and_parentheses():
    assert names(attribute_owners("牵头单位：干部一科；配合单位：干部二科、各县（市、区）委组织部")) == [
        ("干部一科", "lead"),
        ("干部二科", "co"),
        ("各县（市、区）委组织部", "co"),
    ]
    assert names(attribute_owners("（责任单位：干部教育科、市委党校，完成时限：3月底前）")) == [
        ("干部教育科", "lead"),
        ("市委党校", "lead"),
    ]
    assert names(attribute_owners("责任单位:组织二科")) == [("组织二科", "lead")]
    assert names(attribute_owners("【牵头单位】县教育局【配合单位】县人社局、县财政局")) == [
        ("县教育局", "lead"),
        ("县人社局", "co"),
        ("县财政局", "co"),
    ]


def test_a_proposal_verb_before_a_unit_is_no_part_of_it():
    assert names(subject_owners("建议市发改委")) == [("市发改委", "lead")]
    assert names(subject_owners("提议县教育局")) == [("县教育局", "lead")]
    assert longest_actor("建议市发改委牵头制定办法", 0) == ""


def test_subject_before_modal():
    assert [o.mention for o in subject_owners("各分管副部长")] == ["各分管副部长"]
    assert [o.mention for o in subject_owners("市委办公室、市政府办公室")] == ["市委办公室", "市政府办公室"]
    assert [o.mention for o in subject_owners("市四套班子领导每人每年")] == ["市四套班子领导"]
    assert subject_owners("我们") == [] and subject_owners("对表现突出的干部") == []
    assert [o.mention for o in subject_owners("就是", "市委组织部作为市委的重要职能部门")] == ["市委组织部"]


@pytest.mark.parametrize("actor", ["主要责任单位", "各主要责任单位", "其他责任单位", "协同配合单位"])
def test_units_named_by_their_role_in_a_division_of_tasks(actor):
    assert [o.mention for o in subject_owners(actor)] == [actor]


def test_phrase_roles():
    got = names(phrase_owners("由干部一科牵头，干部二科配合，会同市纪委监委机关健全机制"))
    assert ("干部一科", "lead") in got and ("干部二科", "co") in got and ("市纪委监委机关", "co") in got
    assert set(names(phrase_owners("此项工作由办公室负责落实"))) == {("办公室", "lead")}  # 由 names it
    assert set(names(phrase_owners("具体由校团委牵头，各学院团委配合"))) == {
        ("各学院团委", "co"),
        ("校团委", "lead"),
    }


def test_the_etc_closing_a_list_is_no_part_of_a_name():
    assert split_actors("县应急管理局、县消防救援大队等") == ["县应急管理局", "县消防救援大队"]
    assert split_actors("区教育局等单位") == ["区教育局"]


def test_the_persons_in_charge_closing_a_list_of_units_are_one_owner():
    assert split_actors("各学院、各部处主要负责人") == ["各学院、各部处主要负责人"]
    assert split_actors("甲街道、乙社区负责人") == ["甲街道、乙社区负责人"]
    # persons of their own before the last, or a list of units alone: split
    assert split_actors("全体村干部、驻村干部和各组负责人") == ["全体村干部", "驻村干部", "各组负责人"]
    assert split_actors("县农业局、县林业局") == ["县农业局", "县林业局"]


def test_split_keeps_parentheses_whole():
    assert split_actors("各县（市、区）委组织部、市直工委和人才办") == [
        "各县（市、区）委组织部",
        "市直工委",
        "人才办",
    ]


def test_subject_after_marker_reporter_or_time_phrase():
    assert [o.mention for o in subject_owners("一、各地区、各部门")] == ["各地区", "各部门"]
    assert [o.mention for o in subject_owners("徐校长强调寒假开始前总务处")] == ["总务处"]
    assert [o.mention for o in subject_owners("3.春节前，人事处、工会、离退休处")] == [
        "人事处",
        "工会",
        "离退休处",
    ]
    assert [o.mention for o in subject_owners("要求各责任单位")] == ["各责任单位"]


def test_villages_teachers_and_the_head_of_a_unit_act():
    assert [o.mention for o in subject_owners("金元村、石宝沟村")] == ["金元村", "石宝沟村"]
    assert [o.mention for o in subject_owners("教师在放假前")] == ["教师"]
    assert [o.mention for o in subject_owners("各责任单位的主要负责同志")] == ["各责任单位的主要负责同志"]


def test_a_noun_phrase_about_matters_is_no_actor():
    assert subject_owners("促使一系列事关全区") == []


def test_units_named_by_their_role_levels_and_heads_act():
    def mentions(clause):
        return [o.mention for o in subject_owners(clause)]

    assert mentions("各牵头单位") == ["各牵头单位"]
    assert mentions("各协作和配合单位") == ["各协作和配合单位"]
    assert mentions("市、县两级") == ["市、县两级"] and mentions("省市县三级党委") == ["省市县三级党委"]
    assert mentions("各乡镇各部门") == ["各乡镇各部门"]
    assert mentions("主要负责同志") == ["主要负责同志"]
    assert mentions("各级党委特别是县级党委") == ["各级党委"]
    assert mentions("党员领导干部") == [] and mentions("广大党员") == []


def test_notes_and_brackets_are_not_part_of_a_name():
    got = attribute_owners("〔责任单位:市财政局、市审计局按职责分工负责。其余任务不再分工,下同。〕")
    assert [o.mention for o in got] == ["市财政局", "市审计局"]
    assert [o.mention for o in attribute_owners("【牵头单位：区住建局】")] == ["区住建局"]
    assert split_actors("各街道、区直有关部门（详见任务分工）") == ["各街道", "区直有关部门"]
    assert split_actors("财政和审计部门") == ["财政和审计部门"]
    assert split_actors("区财政局和区审计局") == ["区财政局", "区审计局"]


def test_names_sharing_a_head_noun_and_an_actor_before_a_circumstance():
    assert split_actors("学生、后勤、保卫部门") == ["学生、后勤、保卫部门"]
    assert split_actors("各乡镇、县直各单位") == ["各乡镇", "县直各单位"]
    # a 各 before bare names distributes over the list; a list after the shared one is split as usual
    assert split_actors("各设计、监理单位") == ["各设计、监理单位"]
    assert split_actors("各地化工、建材企业和县医院") == ["各地化工、建材企业", "县医院"]
    assert split_actors("各学院、研究所") == ["各学院", "研究所"]
    assert [o.mention for o in subject_owners("", "各单位党政主要负责人假期外出")] == ["各单位党政主要负责人"]
    assert subject_owners("", "这项工作事关全局") == []


def test_levels_sharing_a_head_noun_and_heads_of_several_units():
    assert split_actors("各行署、市、县政府") == ["各行署", "市、县政府"]
    assert [o.mention for o in subject_owners("各地、各部门的负责同志")] == ["各地", "各部门的负责同志"]
    assert [o.mention for o in subject_owners("各地市专项行动领导小组")] == ["各地市专项行动领导小组"]
    assert [o.mention for o in subject_owners("各地区各单位")] == ["各地区各单位"]


def test_a_standing_rule_names_no_owner():
    assert phrase_owners("领物原则上由教研组长、班组长根据实际需要来领取") == []
    assert {o.mention for o in phrase_owners("由办公室牵头组织")} == {"办公室"}


def test_an_addressee_before_the_topic_of_its_modal():
    assert [o.mention for o in subject_owners("各级各部门思想认识和政治站位")] == ["各级各部门"]
    assert [o.mention for o in subject_owners("卢县长要求，各乡（镇）、各部门（单位）")] == [
        "各乡（镇）",
        "各部门（单位）",
    ]
    assert subject_owners("第二批中青年干部培训班") == []


def test_bare_heads_and_levels_stay_with_their_neighbour():
    assert split_actors("各二级单位党委、党总支") == ["各二级单位党委、党总支"]
    assert split_actors("各有关部门、单位") == ["各有关部门、单位"]
    assert split_actors("区、乡森林消防队伍") == ["区、乡森林消防队伍"]
    assert split_actors("国有林场和各有关部门") == ["国有林场", "各有关部门"]
    assert [o.mention for o in subject_owners("各级、各部门")] == ["各级、各部门"]
    assert [o.mention for o in subject_owners("各镇街")] == ["各镇街"]
    assert [o.mention for o in subject_owners("二、区绩效考评机构")] == ["区绩效考评机构"]


def test_collectives_and_single_characters_name_no_owner():
    assert subject_owners("各级党员干部") == []
    assert "所" not in [o.mention for o in phrase_owners("教工预备党员档案暂由所在二级学院党委统一保存")]


def test_an_actor_and_its_first_step_before_the_modal_clause():
    assert [o.mention for o in subject_owners("", "（1）二级党组织审查后")] == ["二级党组织"]


def test_a_key_glued_to_the_value_before_it_ends_that_value():
    text = "牵头领导:李某副局长责任部门:规划科、安全站"
    assert names(attribute_owners(text)) == [("李某副局长", "owner"), ("规划科", "lead"), ("安全站", "lead")]


def test_a_time_or_a_verb_of_action_opening_the_clause_is_no_part_of_the_name():
    assert [o.mention for o in subject_owners("2022年学院党委")] == ["学院党委"]
    assert [o.mention for o in subject_owners("本学期各教研室")] == ["各教研室"]
    assert [o.mention for o in clause_actors("学期末教务办汇总课时费用")] == ["教务办"]
    assert names(phrase_owners("安排体育教研室负责秋季运动会")) == [("体育教研室", "lead")]
    assert longest_actor("不断加强队伍建设", 0) == ""
    # the verbs that name a unit's work still open a name
    assert [o.mention for o in subject_owners("督查组")] == ["督查组"]
    assert [o.mention for o in subject_owners("组织人事部门")] == ["组织人事部门"]


def test_persons_by_their_role_and_sectors_are_actors_cadres_of_every_level_are_not():
    for actor in ("阅卷老师", "全体学员", "考生", "机房管理员", "教学秘书", "申报人", "教育系统", "各教学点"):
        assert [o.mention for o in subject_owners(actor)] == [actor]
    assert subject_owners("各级领导干部") == []


def test_a_name_never_runs_across_hui_tong():
    assert longest_actor("请市发展改革委会同市财政局研究", 1) == "市发展改革委"
    assert names(phrase_owners("由教育研究中心确定")) == [("教育研究中心", "lead")]


def test_a_suffix_that_opens_a_word_ends_no_name_nor_does_a_verb_inside_one():
    assert longest_actor("各班照常组织延时托管活动", 0) == "各班"  # 各班照常|组织, never 各班照常组|织
    assert longest_actor("添购新学期所需物品", 0) == ""
    assert opens_word("各班照常组织", 5) and not opens_word("各教研组要", 4)
    assert opens_word("庆祝教师节", 4) and not opens_word("全体教师要", 4)  # 教师|节 is a day, not who
    assert [o.mention for o in subject_owners("各业务主管部门指导推动用人单位")] == []
    assert [o.mention for o in subject_owners("项目推进办")] == ["项目推进办"]
    assert [o.mention for o in subject_owners("各班")] == ["各班"]
    assert subject_owners("让广大师生") == []


def test_a_signature_names_the_signer_a_note_in_brackets_is_no_name():
    got = phrase_owners("将名册纸质稿，经二级党组织书记签字、盖公章后送组织部")
    assert names(got) == [("二级党组织书记", "lead")]
    assert phrase_owners("经领导签字后报送") == []
    assert split_actors("市发改委、市卫生健康委（除标注“分别牵头”外，列第一位为牵头单位，下同）") == [
        "市发改委",
        "市卫生健康委",
    ]
    assert [o.mention for o in subject_owners("特别是各县区局")] == ["各县区局"]
    assert names(phrase_owners("由班主任连同成绩汇总表一并上交")) == [("班主任", "lead")]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("各二级培养单位提交统计表", "各二级培养单位"),
        ("各单位通知本单位研究生", "各单位"),
        ("各教学点依据教学任务书", "各教学点"),
        ("各二级党委具有本单位发展党员的审批权限", "各二级党委"),
        ("各教研室可根据课程要求", "各教研室"),
        ("各市府、专署每单月报告", "各市府、专署"),
        ("教师和系主任均签字", "教师和系主任"),
        ("第四居委会提前两天通知居民", "第四居委会"),
    ],
)
def test_an_addressee_ends_where_its_first_verb_or_a_one_character_modal_starts(text, actor):
    assert longest_actor(text, 0, need_verb=True) == actor


def test_a_partner_opening_a_clause_is_no_actor_and_a_name_never_opens_in_a_clock_time():
    assert longest_actor("与兄弟学校进行校际友谊赛", 0) == ""
    assert longest_actor("与会人员认真学习", 0) == "与会人员"
    assert names(clause_actors("周三下午3：30全体教师集中")) == []
    assert names(clause_actors("二、各市府、专署每单月向本府报告")) == [("各市府", "lead"), ("专署", "lead")]


def test_a_head_that_names_an_actor_only_with_a_qualifier_is_a_manner_alone():
    assert names(clause_actors("二要深入对接，系统谋划工作")) == []
    assert names(clause_actors("各级组织系统开展自查")) == [("各级组织系统", "lead")]


def test_schools_enterprises_posts_and_ones_own_unit_are_names():
    for actor in (
        "中小学",
        "职业学校",
        "施工企业",
        "幼儿园",
        "保育员",
        "信息员",
        "所在系部",
        "各年级",
        "初三年级",
    ):
        assert [o.mention for o in subject_owners(actor)] == [actor]
    for word in ("学习", "大学生", "动员", "全员", "党员", "家长会", "运动会", "继续食堂工作人员"):
        assert subject_owners(word) == []
    assert [o.mention for o in subject_owners("学生会")] == ["学生会"]
    assert longest_actor("广大学员在学习上", 0) == "广大学员"
    assert longest_actor("直接送至党委宣传部", 0) == ""  # a destination, not an actor
    assert longest_actor("直接送（寄）至党委宣传部", 0) == ""
    assert longest_actor("上学年学校创建", 0) == ""


def test_a_bare_head_joins_its_neighbour_and_whole_names_never_share_one():
    assert split_actors("各二级学院、部") == ["各二级学院、部"]
    assert split_actors("申报人、用人单位、业务主管部门") == ["申报人", "用人单位", "业务主管部门"]
    assert split_actors("各工段、科室\n") == ["各工段、科室"]
    assert split_actors("区教育局、街道办事处。") == ["区教育局", "街道办事处"]
    assert split_actors("学生、后勤、保卫、网络管理部门") == ["学生、后勤、保卫、网络管理部门"]


def test_the_unit_a_clause_helps_and_the_one_a_request_names():
    assert names(partner_owners("（一）配合区执法局做好环境卫生保洁")) == [("区执法局", "lead")]
    assert names(partner_owners("1.配合区交通局、区灯管办做好户外广告专项整治")) == [
        ("区交通局", "lead"),
        ("区灯管办", "lead"),
    ]
    assert partner_owners("积极配合做好各项工作") == [] and partner_owners("各部门要配合做好") == []
    assert names(requested("会议要求该镇辖区各村强化巡查", 4)) == [("该镇辖区各村", "lead")]
    assert requested("要求，做好", 2) == []


def test_heads_persons_in_the_plural_and_by_role_act_a_partner_verb_ends_a_name():
    for actor in ("各工作组组长", "居民们", "值班护士", "家长们"):
        assert [o.mention for o in subject_owners(actor)] == [actor]
    assert subject_owners("同志们") == [] and subject_owners("我们") == []
    assert longest_actor("值班护士协助总值班巡查", 0) == "值班护士"
    assert longest_actor("医务部、护理部予以通知", 0) == "医务部、护理部"
    assert longest_actor("如有人员在办公室", 0) == ""
    assert longest_actor("如遇总站统一部署的某项任务", 0) == ""  # a condition opens no name
    assert longest_actor("领物原则上由教研组长根据需要领取", 0) == ""  # 原则上由…: a standing rule


def test_the_media_public_venues_a_head_nurse_and_those_at_a_meeting_act():
    for actor in ("县广播电视台", "电视台", "市日报社", "市文化馆", "图书馆", "护士长", "参会者", "与会者"):
        assert [o.mention for o in subject_owners(actor)] == [actor]
    got = [o.mention for o in subject_owners("县新闻传媒中心、县广播电视台")]
    assert got == ["县新闻传媒中心", "县广播电视台"]  # not 县 alone
    assert [o.mention for o in subject_owners("临床各科主任、护士长")] == ["临床各科主任", "护士长"]
    assert subject_owners("场馆") == [] and subject_owners("宾馆") == []


def test_a_person_of_a_leader_line_answers_and_a_key_is_no_role_phrase():
    got = names(attribute_owners("配合领导：张明贵副局长；配合部门：区园林局"))
    assert got == [("张明贵副局长", "owner"), ("区园林局", "co")]
    assert phrase_owners("张明贵副局长配合部门：区园林局") == []


def test_a_schools_department_peoples_bodies_and_workers_act_and_a_list_ends_at_its_etc():
    for actor in ("各系", "区妇联", "市科协", "党务工作者"):
        assert [o.mention for o in subject_owners(actor)] == [actor]
    for word in ("体系", "联系", "关系"):
        assert subject_owners(word) == []
    assert longest_actor("团区委、区妇联、区侨联等积极参加", 0) == "团区委、区妇联、区侨联"
    assert split_actors("团区委、区侨联等3个单位") == ["团区委", "区侨联"]
    assert longest_actor("区政协常委会组成人员出席会议", 0) == "区政协常委会组成人员"


def test_a_person_who_leads_is_named_without_the_title_a_unit_never_is_a_person():
    assert names(phrase_owners("由戴世雄副局长带领，组织人员开展检查")) == [("戴世雄", "lead")]
    assert ("王明", "lead") in names(phrase_owners("由副校长王明负责，教务处配合"))
    assert ("办公室", "lead") not in names(phrase_owners("由办公室主任负责"))


def test_those_a_relative_clause_picks_out_act():
    for clause, name in [
        ("存在消防安全隐患的单位", "存在消防安全隐患的单位"),
        ("乘车的同学", "乘车的同学"),
        ("4.新承担课程教学任务的教师", "新承担课程教学任务的教师"),
    ]:
        assert [o.mention for o in subject_owners(clause)] == [name]
    # a noun's attribute is no actor, nor an addressee's (各X的… is read as an addressee)
    assert subject_owners("学校的发展") == [] and subject_owners("我们的干部") == []


def test_a_verb_of_action_opens_no_name():
    # （一）成立机构，加强领导: the heading's work, not who does it
    assert [o.mention for o in clause_actors("（一）成立机构，加强领导。")] == []


def test_relative_reads_those_a_clause_picks_out_before_a_preposition_or_verb():
    t = "请有申报计划的单位于10月15日前报送"
    assert relative(t, 1) == "有申报计划的单位"
    assert relative("请学校的发展规划组", 1) == ""


def test_a_lead_and_a_helper_named_by_keys_of_several_words():
    text = "2.创建国家卫生县城。\n\n牵头责任单位：县卫健委\n\n主要协作单位：各乡镇人民政府、经济开发区管委会"
    assert names(attribute_owners(text)) == [
        ("县卫健委", "lead"),
        ("各乡镇人民政府", "co"),
        ("经济开发区管委会", "co"),
    ]


def test_the_core_of_a_mention_is_the_name_without_its_clause():
    for mention, name in (
        ("2022年学院党委", "学院党委"),  # a time at the head
        ("3月4日组织各班", "各班"),  # a time and a verb whose object the name is
        ("徐校长强调寒假开始前总务处", "总务处"),  # who spoke and when
        ("安排体育教研室", "体育教研室"),
        ("各单位通知本单位", "各单位"),  # the clause's action after the name
        ("省大数据中心按职责分工负责", "省大数据中心"),  # a note
        ("市卫生健康委(除标注外,列第一位为牵头单位)", "市卫生健康委"),
        ("市卫生健康委等", "市卫生健康委"),
        ("支部支部", "支部"),  # a doubled head noun
        ("并确定一名领导班子成员", ""),  # a designated person is the object
        ("各级领导干部", ""),  # addressees the guide leaves without owner
        ("党员", ""),
        ("我局", ""),
        ("各系组织参评支部", "各系"),  # after a predicate's verb, the name is its object
        ("各省级卫生计生委协调本省份中医药管理部门", "各省级卫生计生委"),
    ):
        assert core(mention) == name, mention
    # names whose verb names the unit's work, or that hold a name after a verb, stay whole
    for name in (
        "市委宣传部",
        "区发展和改革局",
        "市政府综合办公室",
        "教务办负责人",
        "各地建设行政主管部门",
        "经信局",
        "市委组织部",  # a verb a suffix follows opens a name
        "区重点项目推进办",
    ):
        assert core(name) == name


def test_collective_addressees_name_no_owner_named_bodies_do():
    assert all(collective(m) for m in ("我们", "大家", "各级党员领导干部", "广大党员干部", "全市", "我镇"))
    assert not any(collective(m) for m in ("各单位", "全体教师", "村干部", "全体组工干部", "各支部"))


def test_a_place_opens_a_name_and_a_youth_league_body_acts():
    assert [o.mention for o in subject_owners("各地建设主管部门")] == ["各地建设主管部门"]
    assert [o.mention for o in subject_owners("各直属团组织")] == ["各直属团组织"]
    assert [o.mention for o in subject_owners("各地")] == ["各地"]
