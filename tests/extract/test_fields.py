"""The deadline an item gets when several time phrases, an hour or a cadence surround its date."""

import datetime as dt

from luoshi.extract import extract
from luoshi.extract.fields import heading_actor

BASE = dt.date(2024, 3, 1)


def deadline(text: str):
    (item,) = extract(text, base_date=BASE).items
    return item.deadline.date if item.deadline else None


def test_an_hour_after_the_day_states_the_limit():
    text = "各党支部要于4月23日(周二)上午11点前,将上半年《入党积极分子名册》纸质稿送组织部。"
    assert deadline(text) == dt.date(2024, 4, 23)
    assert deadline("请各单位于6月18日(星期二)上午下班前将修改意见反馈至市防汛办。") == dt.date(2024, 6, 18)


def test_the_day_of_a_cadence_is_no_deadline_unless_it_names_this_time():
    text = "三、从2024年第一季度开始,各责任单位要在每季度最后一个月的30日前将本季度进展情况报区政府办公室。"
    assert deadline(text) is None
    text = "请各乡镇人民政府于每月28日(本次报送于5月29日)之前将进度表报送至县林业局。"
    assert deadline(text) == dt.date(2024, 5, 29)


def test_a_quarter_a_cadence_starts_from_is_no_deadline():
    text = "从2024年第三季度起,各科室要在每个季度第一个月的10日前将进展情况报办公室。"
    assert deadline(text) is None


def dated(text: str) -> list[tuple[str, dt.date | None]]:
    return [
        (i.text[:6], i.deadline.date if i.deadline else None) for i in extract(text, base_date=BASE).items
    ]


def test_a_month_line_of_a_calendar_dates_the_tasks_under_it():
    text = (
        "三、工作安排\n四月份\n1、组织全体教师开展业务培训。\n2、完成校舍安全排查,6月10日前上报结果。\n"
        "五月份：\n1、组织开展春季运动会。\n2、做好校园绿化养护工作。\n"
    )
    assert dated(text) == [
        ("1、组织全体", dt.date(2024, 4, 30)),
        ("2、完成校舍", dt.date(2024, 6, 10)),
        ("1、组织开展", dt.date(2024, 5, 31)),
        ("2、做好校园", dt.date(2024, 5, 31)),
    ]


def test_a_month_line_dates_its_list_only_not_the_parts_after_it():
    text = (
        "五月份：\n1、组织开展春季运动会。\n2、做好校园绿化养护工作。\n第二篇\n"
        "一、指导思想\n以立德树人为根本。\n二、工作重点\n1.加强校园文化建设,营造育人环境;\n2.开展读书活动。\n"
    )
    assert dated(text) == [
        ("1、组织开展", dt.date(2024, 5, 31)),
        ("2、做好校园", dt.date(2024, 5, 31)),
        ("1.加强校园", None),
        ("2.开展读书", None),
    ]


def test_a_notice_time_section_dates_its_tasks_but_an_event_time_does_not():
    text = "一、报送时间:2024年4月20日前\n二、报送要求\n(一)各支部要认真填写统计表并报组织部。\n"
    assert dated(text) == [("(一)各支部", dt.date(2024, 4, 20))]
    text = "一、活动时间\n自通知下发之日起至5月底结束。\n二、活动要求\n1、各支部要组织党员参加征文。\n"
    assert dated(text)[-1] == ("1、各支部要", dt.date(2024, 5, 31))
    text = "一、统计时间:2023年7月1日——2024年6月30日\n二、各单位要认真做好统计。\n"
    assert dated(text) == [("二、各单位要", None)]


def test_an_activitys_one_day_dates_its_requirements_but_two_days_date_nothing():
    text = "一、活动时间\n2024年4月2日\n二、活动要求\n（一）支部党员要带头参加主题党日活动。\n"
    assert dated(text)[-1] == ("（一）支部党", dt.date(2024, 4, 2))
    text = "一、活动时间\n4月1日报名，4月8日比赛\n二、活动要求\n（一）支部党员要带头参加主题党日活动。\n"
    assert dated(text)[-1] == ("（一）支部党", None)


def test_the_limit_an_item_refers_to_is_the_one_stated_before_it():
    text = "今年的校舍维修工程要求在7月底前完工。请各学校统筹安排,务必在规定期限前完成维修任务。"
    assert deadline(text) == dt.date(2024, 7, 31)
    assert deadline("请各学校统筹安排,务必在规定期限前完成维修任务。") is None


def test_a_steps_closing_date_dates_its_sibling_steps_but_not_the_intro_above_them():
    text = (
        "三、报送要求\n各单位要认真核对统计数据。\n"
        "1.报送方式:由各单位联络员将报表录入统计系统。\n"
        "2.报送时间要求:系统截止时间:2024年7月20日24:00,逾期不再受理。\n"
    )
    assert dated(text) == [
        ("各单位要认真", None),
        ("1.报送方式", dt.date(2024, 7, 20)),
        ("2.报送时间", dt.date(2024, 7, 20)),
    ]


def test_a_month_line_wrapped_in_commas_dates_every_list_of_its_month():
    # a site that wrapped its lines in commas; the month holds two lists, each under a short label
    text = (
        ",三月,\n,常规事项:,\n,1、组织春季运动会。,2、开展植树活动。,\n"
        ",季节性工作:,\n,1、做好春季传染病预防。,2、开展防溺水安全教育。,\n"
        ",四月,\n,常规事项:,\n,1、召开家长会。,2、组织教师外出培训。,\n"
    )
    assert [d for _, d in dated(text)] == [dt.date(2024, 3, 31)] * 4 + [dt.date(2024, 4, 30)] * 2


def test_a_closing_time_stated_with_wei_is_a_limit_an_event_time_is_not():
    assert dated("1.各学院要组织补考成绩录入,录入截止时间为2024年5月9日17:00。\n") == [
        ("1.各学院要", dt.date(2024, 5, 9))
    ]
    assert dated("1.各学院要组织考生参加补考,考试时间为2024年5月9日。\n") == [("1.各学院要", None)]


def test_a_month_head_with_words_or_a_note_after_it_dates_its_tasks():
    text = (
        "二、工作安排\n三月份工作安排：\n1、各班要开展学雷锋活动。\n2、各年级要组织植树节活动。\n"
        "四月份主要工作：\n1、各班要开展清明祭扫活动。\n2、政教处要组织安全教育周活动。\n"
        "六月份（期末）\n1、各班要做好期末总结工作。\n2、教务处要组织期末考试。\n"
    )
    assert [d for _, d in dated(text)] == [dt.date(2024, 3, 31)] * 2 + [dt.date(2024, 4, 30)] * 2 + [
        dt.date(2024, 6, 30)
    ] * 2


def test_a_head_of_months_quarters_or_half_years_dates_the_tasks_on_its_line_and_under_it():
    text = (
        "二、时间安排\n1—2月：各单位要制定方案，召开动员会。\n3-4月：各单位要全面开展自查。\n"
        "五月份：1、各班要组织开展春季运动会。2、总务处要做好校园绿化养护工作。\n"
    )
    assert [d for _, d in dated(text)] == [
        dt.date(2024, 2, 29),
        dt.date(2024, 4, 30),
        dt.date(2024, 5, 31),
        dt.date(2024, 5, 31),
    ]
    text = (
        "一、主要工作\n第三季度：\n1、各科室要开展安全生产大检查。\n2、办公室要做好防汛值班工作。\n"
        "下半年：\n1、各科室要做好年度考核工作。\n2、办公室要组织年终总结。\n"
    )
    assert [d for _, d in dated(text)] == [dt.date(2024, 9, 30)] * 2 + [dt.date(2024, 12, 31)] * 2


def test_a_month_named_in_a_sentence_is_no_head():
    # a month and a colon open a head; a sentence that names a month dates none of the lines after it
    text = "二、工作要求\n3月，各单位要开展自查。\n1、各单位要组织开展春季运动会。\n2、各单位要植树。\n"
    assert [d for _, d in dated(text)][-2:] == [None, None]


def test_a_stage_heading_dates_the_numbered_tasks_under_it_but_a_year_it_names_does_not():
    text = (
        "二、实施步骤\n（一）动员部署阶段（3月1日—3月15日）\n1、各村要召开动员大会，制定具体方案。\n"
        "2、镇农办要做好宣传发动工作。\n（二）集中整治阶段（3月16日—6月30日）\n1、各村要集中清理垃圾。\n"
        "2、各村要整治乱堆乱放。\n"
    )
    assert [d for _, d in dated(text)] == [dt.date(2024, 3, 15)] * 2 + [dt.date(2024, 6, 30)] * 2
    text = "二、到2025年主要任务\n1、各村要集中清理垃圾。\n2、各村要整治乱堆乱放。\n"
    assert [d for _, d in dated(text)] == [None, None]


def test_a_month_or_a_quarter_in_a_time_column_is_due_at_its_end():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n1\t完成农村道路硬化工程建设\t交通局\t10月\n"
        "2\t完成农村危房改造任务\t住建局\t9-11月份\n3\t完成高标准农田建设任务\t农业局\t第三季度\n"
    )
    assert [d for _, d in dated(text)] == [dt.date(2024, 10, 31), dt.date(2024, 11, 30), dt.date(2024, 9, 30)]


def test_a_request_after_a_list_marker_names_who_is_asked():
    (item,) = extract("三、请市发展改革委会同市财政局研究制定配套政策。", base_date=BASE).items
    assert [(o.mention, o.role) for o in item.owners] == [("市发展改革委", "lead"), ("市财政局", "co")]


def test_persons_of_a_leader_line_beside_a_unit_line_are_not_owners():
    text = (
        "一、工作任务\n（一）整治施工场地。牵头领导：阮斌副局长责任部门：建工科、安全站\n"
        "（二）整治小街巷。牵头领导：王元灿副局长\n"
    )
    got = extract(text, base_date=BASE, engine="rules").items
    assert [[o.mention for o in i.owners] for i in got] == [["建工科", "安全站"], ["王元灿副局长"]]


def test_a_modal_character_inside_a_word_names_no_actor():
    text = "一、工作安排\n9、后勤检查园所安全\n10、添购新学期所需物品资料等\n"
    got = extract(text, base_date=BASE, engine="rules").items
    assert all(o.mention != "添购新学期所" for i in got for o in i.owners)


def owners_of(text: str) -> list[str]:
    from luoshi.extract.engine import extraction_from_spans

    (item,) = extraction_from_spans(text, [(0, len(text))], dt.date(2026, 3, 1)).items
    return [o.mention for o in item.owners]


def test_a_request_after_a_topic_names_the_one_asked_never_a_destination():
    assert owners_of("1、考试课程请各位教师批改完试卷后，将成绩录入系统。") == ["各位教师"]
    assert owners_of("其中，纸质文档请直接送至党委宣传部办公室。") == []
    assert owners_of("学生如需申请各学院办理缓考，须提交材料。") == []


def test_a_request_anywhere_names_who_is_asked_but_one_urged_is_no_owner():
    assert owners_of("会议要求该镇辖区各村强化巡查机制，严控秸秆留茬高度。") == ["该镇辖区各村"]
    assert owners_of("安排专人负责校庆展览工作，并要求各教研室提供相应素材。") == ["各教研室"]
    assert owners_of("督促师生按时返岗返校，并做好各项准备工作。") == []


def test_a_run_of_spaces_parts_a_heading_from_its_body_but_not_a_word():
    text = "三、加强组织领导，迅速兴起学习全会精神的热潮 各单位要把学习全会精神作为首要政治任务。"
    assert owners_of(text) == ["各单位"]
    assert owners_of("下一步，各支 部要擦亮党建品牌。") != ["部"]


def test_the_unit_a_task_helps_leads_it_beside_the_helper():
    assert owners_of("（一）配合区执法局做好环境卫生保洁，门前三包工作。配合部门：区园林局") == [
        "区园林局",
        "区执法局",
    ]
    assert owners_of("1.配合学校党支部，组织教职工继续学习。") == ["学校党支部"]
    assert owners_of("（二）城建科配合区交通局做好户外广告专项整治。") == ["城建科"]


def test_ying_binds_the_actor_before_it_whatever_follows():
    text = "（二）在放假离校前，各部门、金山校区中专部应对各自负责的场所进行卫生大扫除。"
    assert owners_of(text) == ["各部门", "金山校区中专部"]
    assert owners_of("2.来访师生应如实反映问题，提供真实情况。") == ["来访师生"]


def test_every_person_of_a_request_is_named():
    assert sorted(owners_of("请王明、李华同志负责联系。")) == ["李华", "王明"]
    assert owners_of("请仇珂静、刘亚亮等同志认真研阅。") == ["仇珂静", "刘亚亮"]


def test_a_request_names_those_a_relative_clause_picks_out():
    assert owners_of("请有申报计划的单位于10月15日前将计划发到本处。") == ["有申报计划的单位"]
    assert owners_of("请各单位于10月底前报送材料。") == ["各单位"]


def test_the_owners_a_heading_states_on_its_line_are_the_owners_of_the_items_under_it_naming_none():
    text = (
        "关于做好春季工作的通知\n一、卫生工作\n（一）卫生讲座（牵头单位：校医室；配合单位：团委；完成时限：5月底前）\n"
        "组织全体学生观看卫生讲座视频。各班主任做好记录。\n（二）卫生检查\n总务处要对校园进行全面检查。\n"
    )
    got = {
        i.text[:8]: [(o.mention, o.role) for o in i.owners] for i in extract(text, BASE, engine="rules").items
    }
    assert got["组织全体学生观看"] == [("校医室", "lead"), ("团委", "co")]
    assert got["各班主任做好记录"] == [("各班主任", "lead")]  # an item that names its own keeps it


def test_a_heading_that_names_only_who_acts_owns_the_elements_numbered_under_it():
    text = (
        "2025年重点工作任务清单\n一、县示范区管委会牵头工作（2项）\n1.建设南美白对虾循环水养殖基地。\n"
        "2.打造食用菌酵素生产基地，县农业农村局要做好技术指导。\n"
        "二、职责分工\n1.牵头单位。①协作区建立后，牵头主持召开协作区第一次联席会议；②汇总协作区党建资源。\n"
        "2.轮值单位。①根据协作区安排，轮流组织实施党建活动；②每年年中总结通报协作区工作情况。\n"
        "三、组织领导\n1.成立工作专班，统筹推进各项任务。\n2.定期召开调度会议，研究解决重点问题。\n"
    )
    got = {
        i.text[:6]: [(o.mention, o.role) for o in i.owners] for i in extract(text, BASE, engine="rules").items
    }
    assert got["1.建设南美"] == [("县示范区管委会", "lead")]
    assert got["2.打造食用"] == [("县农业农村局", "lead")]  # an element naming its own actor keeps it
    assert got["①协作区建立"] == [("牵头单位", "lead")]  # a role, as written
    assert got["①根据协作区"] == [("轮值单位", "lead")]
    assert got["2.定期召开"] == []  # a heading on how the work is organised names no actor


def test_a_heading_actor_is_read_without_its_work_its_count_or_its_score():
    assert [o.mention for o in heading_actor("物业服务中心（99分）")] == ["物业服务中心"]
    assert [o.mention for o in heading_actor("镇乡工作职责")] == ["镇乡"]
    for heading in ("组织领导", "工作机构", "压实主体责任", "各单位要加强领导", "工作安排"):
        assert heading_actor(heading) == []


def test_a_date_under_a_templates_year_is_a_placeholder_never_the_base_dates_year():
    text = "20xx年档案管理工作计划\n三、工作安排\n第一季度\n1、各科室要收集上年度形成的档案文件材料。\n"
    (item,) = extract(text, base_date=BASE).items
    assert item.deadline is not None and item.deadline.placeholder and item.deadline.date is None
    # the year in force is the last one written before the date: here 2024, the template's comes after
    text = "2024年春季工作计划\n三月份\n1、各班要开展学雷锋活动。\n（参照20xx年方案）\n"
    assert deadline(text) == dt.date(2024, 3, 31)


def test_a_duty_stated_with_a_cadence_takes_no_date_from_its_heading():
    text = (
        "关于做好年度检查工作的通知\n一、全面自查阶段（6月30日前）\n1. 各科室要认真梳理问题清单。\n"
        "2. 各科室要每月5日前报送整改进展。\n"
    )
    for engine in ("rules", "learned"):
        got = {it.text[:5]: it for it in extract(text, base_date=BASE, engine=engine).items}
        assert got["1. 各科"].deadline is not None and got["1. 各科"].deadline.date == dt.date(2024, 6, 30)
        assert got["2. 各科"].deadline is None and got["2. 各科"].cadence == "monthly:5"


def test_a_templates_year_written_with_stars_leaves_its_dates_placeholders():
    text = "民政局20*年重点工作计划\n一、各街道要力争在5月末完成社区选举工作。\n"
    item = extract(text, base_date=BASE, engine="rules").items[0]
    assert item.deadline is not None and item.deadline.placeholder and item.deadline.date is None
    # X年: a single letter stands for the year as well; the dates after it are the template's
    text = "X年3月12日上午9时在河堤开展义务植树活动。\n一、各单位要于3月10日前上报参加人数。\n"
    item = extract(text, base_date=BASE, engine="rules").items[-1]
    assert item.deadline is not None and item.deadline.placeholder and item.deadline.date is None
