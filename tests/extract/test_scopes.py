"""An item without a date of its own takes the date of the nearest enclosing scope that states one."""

import datetime as dt

import pytest

from luoshi.extract import extract
from luoshi.extract.fields import _Doc
from luoshi.extract.scopes import period_leads

BASE = dt.date(2024, 3, 1)


def dated(text: str, engine: str = "rules") -> dict[str, dt.date | None]:
    return {
        i.text[:8]: i.deadline.date if i.deadline else None
        for i in extract(text, base_date=BASE, engine=engine).items
    }


@pytest.mark.parametrize("engine", ["rules", "learned"])
def test_a_list_takes_the_limit_of_the_sentence_that_introduces_it(engine):
    text = (
        "关于开展主题党日活动的通知\n各党支部：\n"
        "请各党支部于6月28日前完成以下工作：\n"
        "1.组织党员集中学习党章党规，做好学习记录。\n"
        "2.组织党员到社区开展志愿服务活动。\n"
    )
    got = dated(text, engine)
    assert got["1.组织党员集中"] == dt.date(2024, 6, 28)
    assert got["2.组织党员到社"] == dt.date(2024, 6, 28)


def test_a_holidays_eve_is_a_limit_a_list_introduction_hands_down():
    text = (
        "请各党支部在劳动节前夕完成以下工作：\n1.组织党员集中学习党章党规。\n2.组织党员开展志愿服务活动。\n"
    )
    assert dated(text)["1.组织党员集中"] == dt.date(2024, 4, 30)


@pytest.mark.parametrize("engine", ["rules", "learned"])
def test_a_field_line_under_a_parts_heading_dates_its_elements(engine):
    text = (
        "春季工作安排\n一、卫生工作\n牵头单位：总务处\n完成时限：4月底前\n"
        "1、开展卫生大检查\n2、各班要做好清洁\n二、安全工作\n1、各班要开展消防演练\n"
    )
    got = dated(text, engine)
    assert got["1、开展卫生大检查"[:8]] == got["2、各班要做好清洁"[:8]] == dt.date(2024, 4, 30)
    assert got["1、各班要开展消"] is None  # a part after it is not its


def test_the_date_an_item_states_itself_wins():
    text = (
        "请各党支部于6月28日前完成以下工作：\n"
        "1.组织党员集中学习党章党规，5月底前报送学习记录。\n"
        "2.组织党员到社区开展志愿服务活动。\n"
    )
    got = dated(text)
    assert got["1.组织党员集中"] == dt.date(2024, 5, 31)
    assert got["2.组织党员到社"] == dt.date(2024, 6, 28)


def test_a_cadence_or_a_start_in_the_introduction_dates_nothing():
    text = (
        "各责任单位要在每个季度第1个月的20日前报送以下材料：\n"
        "1.各项工作目标任务的完成情况。\n2.下一步工作打算和需要协调的问题。\n"
    )
    assert set(dated(text).values()) == {None}
    text = "从2024年5月起，各科室要做好以下工作：\n1.每周报送工作进度。\n2.做好资料归档工作。\n"
    assert set(dated(text).values()) == {None}


def test_a_notice_opening_dates_the_occasion_not_the_tasks():
    text = (
        "党委拟于2024年11月底召开党委会议，讨论发展党员工作，现将有关事宜通知如下：\n"
        "一、各党支部要认真做好发展对象的考察工作。\n二、各党支部要及时整理发展党员材料。\n"
    )
    assert set(dated(text).values()) == {None}


def test_the_nearest_heading_wins_over_the_headings_above_it():
    text = (
        "一、总体要求\n全面提升农村人居环境。\n二、实施步骤（2024年12月底前）\n"
        "（一）动员部署阶段（3月1日—3月15日）\n1、各村要召开动员大会，制定具体方案。\n"
        "2、镇农办要做好宣传发动工作。\n"
        "（二）集中整治阶段\n1、各村要集中清理垃圾。\n2、镇农办要组织督查。\n"
    )
    got = dated(text)
    assert got["1、各村要召开动"] == dt.date(2024, 3, 15)
    assert got["1、各村要集中清"] == dt.date(2024, 12, 31)


def test_a_title_dates_the_sentences_under_it_unless_it_directs():
    text = (
        "（一）排查阶段（2024年4月1日至4月15日）。各乡镇政府要组织有关部门深入排查。市直各部门要积极配合排查。\n"
        "（二）各乡镇政府要在6月底前完成整改。市直各部门要加强督查。\n"
    )
    got = dated(text)
    assert got["各乡镇政府要组织"] == got["市直各部门要积极"] == dt.date(2024, 4, 15)
    assert got["（二）各乡镇政府"] == dt.date(2024, 6, 30)
    assert got["市直各部门要加强"] is None


def test_a_stage_title_line_dates_the_text_under_it_up_to_the_next_stage():
    text = (
        "（一）动员阶段(2024年3月1日至3月15日)。\n各乡镇要召开动员会议，制定实施方案。\n"
        "（二）整治阶段(2024年6月23日至11月20日)。\n各乡镇按照本方案要求全面开展环境整治活动。\n"
    )
    assert list(dated(text).values()) == [dt.date(2024, 3, 15), dt.date(2024, 11, 20)]


def test_the_time_line_of_a_section_about_time_and_theme_dates_the_items():
    text = (
        "一、活动时间和主题:\n活动时间: 2009 年 6 月 1 日至 30 日。\n活动主题:关爱生命,安全发展。\n"
        "二、活动内容:\n(一)在主要岗位张贴安全宣传横幅和挂图。\n(二)组织开展一次安全宣誓活动。\n"
    )
    assert set(dated(text).values()) == {dt.date(2009, 6, 30)}


def test_what_the_material_must_hold_takes_the_date_it_is_handed_in_by():
    text = (
        "各单位要形成总结材料,并于12月15日前报市安委会办公室。\n"
        "总结材料要涵盖安排部署、自查自改、督促检查等阶段。\n"
        "各单位要认真学习《政府工作报告》精神。\n"
    )
    got = dated(text)
    assert got["总结材料要涵盖安"] == dt.date(2024, 12, 15)
    assert got["各单位要认真学习"] is None
    text = (
        "各党支部要认真填写预审表,随同相关入党材料上报党委办公室预审。\n"
        "党委办公室于11月14日前对上报的材料进行预审,返回相关入党材料。\n"
    )
    assert dated(text)["各党支部要认真填"] is None  # the material returned, not handed in


def test_a_period_opening_a_line_of_an_item_before_a_comma_is_its_own():
    text = (
        "四、工作安排\n一、义务家教\n10月份,要在社区开展义务家教活动,十月初开课。\n"
        "二、义务卖报\n11月份,要组织志愿者参与义务卖报活动。\n三、其他工作\n要建立部门博客,完善部门建设。\n"
    )
    assert list(dated(text).values()) == [dt.date(2024, 10, 31), dt.date(2024, 11, 30), None]
    doc = _Doc("三、义务家教\n10月份,义务家教作为特色活动,在十月初继续开展。\n", BASE, None)
    assert [x.date for x in period_leads(doc, 0, len(doc.t))] == [dt.date(2024, 10, 31)]
    doc = _Doc("三、义务家教\n10月份：开展义务家教。\n", BASE, None)
    assert period_leads(doc, 0, len(doc.t)) == []  # a month line of a calendar, a scope of its own


def test_a_site_address_stamped_on_a_month_line_leaves_it_a_month_line():
    text = (
        "月份工作安排\n2月份\n制定德育工作计划\n3月份 www.89xue.com\n开展“学雷锋”主题教育活动。\n"
        "4月份\n组织清明节祭扫活动\n"
    )
    got = dated(text)
    assert got["开展“学雷锋”主"] == dt.date(2024, 3, 31)


def test_a_holiday_notice_dates_before_and_during_its_days_off():
    text = (
        "一、放假安排\n(一)4月5-7日(星期四-星期六)放假调休,共3天。\n二、注意事项\n"
        "(一)在放假前,各系须组织对学生进行交通、饮食等方面的安全教育,做好放假期间的校园安全工作。\n"
        "(二)在放假期间,各部门要安排好值班和安全保卫工作。\n"
    )
    got = dated(text)
    assert got["(一)在放假前,"] == dt.date(2024, 4, 4)
    assert got["(二)在放假期间"] == dt.date(2024, 4, 7)


def test_a_time_heading_with_its_dates_after_a_space_dates_the_items():
    text = (
        "现将有关事宜通知如下:\n一、开展时间 2024年4月1日——2024年4月30日\n二、活动要求\n"
        "1、各单位要充分利用板报、展板进行宣传。\n2、各院团委对本单位开展的团日活动要积极指导。\n"
    )
    assert set(dated(text).values()) == {dt.date(2024, 4, 30)}


def test_a_placeholder_date_of_a_heading_dates_the_items_with_the_placeholder():
    text = (
        "（一）动员阶段(201x年3月1日至3月15日)。\n各乡镇要召开动员会议，制定实施方案。\n"
        "（二）整治阶段(2024年6月23日至11月20日)。\n各乡镇按照本方案要求全面开展环境整治活动。\n"
    )
    items = extract(text, base_date=BASE, engine="rules").items
    assert [(i.deadline.placeholder, i.deadline.date) for i in items if i.deadline] == [
        (True, None),
        (False, dt.date(2024, 11, 20)),
    ]


def test_a_time_cell_of_a_table_pasted_one_cell_a_line_dates_no_other_row():
    text = (
        "工作任务\n|\n具体要求\n|\n责任科室\n|\n时限要求\n|\n"
        "1\n|\n对行政规范性文件进行全面清理，并向社会公布目录。\n|\n办公室\n|\n年底前\n|\n"
        "2\n|\n积极做好政策解读工作，持续提升政策解读质量。\n|\n各科室\n|\n持续推进\n|\n"
    )
    assert dated(text) == {"对行政规范性文件": dt.date(2024, 12, 31), "积极做好政策解读": None}


def test_the_attendance_of_an_event_scheduled_before_it_is_due_on_its_day():
    text = (
        "各学院:\n期末考试将于7月2日-7月13日举行，请各学院做好考试的组织工作，并通知学生按时参加相关考试。\n"
    )
    assert dated(text)["请各学院做好考试"] == dt.date(2024, 7, 13)


@pytest.mark.parametrize(
    ("opening", "arrive", "day"),
    [
        (
            "县政府定于2024年6月5日上午9时在县政府第一会议室召开全县防汛工作会议。",
            "参会人员须提前10分钟到会。",
            5,
        ),
        ("学校将于9月20日下午在体育馆举行秋季运动会开幕式。", "各班级要组织学生提前半小时入场。", 20),
        ("区委定于11月8日（星期五）召开全区组织工作会议。", "各单位与会人员须提前20分钟到会场签到。", 8),
    ],
)
def test_arriving_at_the_event_scheduled_just_before_is_due_on_its_day(opening, arrive, day):
    text = (
        f"关于召开会议的通知\n各单位：\n{opening}\n一、{arrive}\n二、请各单位主要负责同志认真准备汇报材料。\n"
    )
    assert dated(text)["一、" + arrive[:6]].day == day


def test_a_ban_on_attending_is_no_attendance_of_the_event_before_it():
    text = "各学校：\n学校定于7月5日举行散学典礼。\n一、放假期间，各学校不得组织师生参加聚集性活动。\n"
    assert dated(text)["一、放假期间，各"] is None


def test_a_part_that_opens_by_dating_the_work_above_dates_the_parts_before_it():
    text = (
        "一、工作任务\n（一）工作总结。\n请各市县卫生局认真做好工作总结。\n"
        "二、有关要求\n以上工作于2024年3月19日前完成。\n三、联系方式\n联系人：韩艾艾\n"
    )
    assert dated(text)["请各市县卫生局认"] == dt.date(2024, 3, 19)


def test_a_meetings_time_section_dates_the_attendance():
    text = (
        "现将有关事项通知如下:\n一、会议时间\n2024年10月27日上午8:45,会期半天。\n二、会议地点\n会议中心。\n"
        "三、参会对象\n(一)请区政府办公室派员参加会议;\n(二)请各单位主要负责人参加会议。\n"
    )
    assert dated(text)["(一)请区政府办"] == dt.date(2024, 10, 27)


def test_stage_titles_date_their_lists_wherever_the_outline_nests_them():
    # 2、 reads as nested under the first stage's 二是: the second stage still dates its own 一是, 二是
    text = (
        "1、宣传发动阶段（11月18日至11月23日）\n一是开好一个会议。各社区居委会要召开一次居民代表会议。\n"
        "二是发放一封信。各社区要向居民发放公开信。\n2、清理阶段（11月24日至12月20日）\n"
        "一是清理三资现状。各社区要做好台账登记。\n二是规范管理。各社区要建立制度。\n三、保障措施\n各社区要加强领导。\n"
    )
    got = dated(text)
    assert got["一是开好一个会议"] == dt.date(2024, 11, 23)
    assert got["一是清理三资现状"] == got["二是规范管理。各"] == dt.date(2024, 12, 20)
    assert got["各社区要加强领导"] is None


def test_a_date_range_alone_on_its_line_dates_the_work_under_it():
    text = (
        "二、工作步骤\n1、宣传发动阶段\n11月18日至11月23日\n一是开好一个会议。各社区居委会要召开一次居民代表会议。\n"
        "二是发放一封信。各社区要向居民发放公开信。\n2、清理阶段\n11月24日至12月20日\n"
        "一是清理三资现状。各社区要做好台账登记。\n二是规范管理。各社区要建立制度。\n"
    )
    got = dated(text)
    assert got["一是开好一个会议"] == got["各社区要向居民发"] == dt.date(2024, 11, 23)
    assert got["一是清理三资现状"] == got["二是规范管理。各"] == dt.date(2024, 12, 20)
    assert dated("2024年3月1日\n各科室要做好值班安排。\n各科室要做好安全检查。\n")["各科室要做好值班"] is None


def test_a_heading_that_speaks_of_the_holiday_dates_the_items_under_it():
    text = (
        "一、放假安排\n4月4日至6日放假调休,共3天。\n二、节假日期间安全工作\n"
        "1、各部门要安排好值班人员,保持通讯畅通。\n2、各单位要做好防火防盗工作。\n"
    )
    got = dated(text)
    assert got["1、各部门要安排"] == dt.date(2024, 4, 6)
    assert got["2、各单位要做好"] == dt.date(2024, 4, 6)


def test_a_date_in_figures_alone_on_its_line_dates_nothing_but_a_range_does():
    text = "第二周工作计划\n2024-9-11—2024-9-15\n1、各班要组织开展安全教育。\n2、各班要做好卫生检查。\n"
    assert set(dated(text).values()) == {dt.date(2024, 9, 15)}
    text = "发布日期\n2024-09-11\n1、各班要组织开展安全教育。\n2、各班要做好卫生检查。\n"
    assert set(dated(text).values()) == {None}


@pytest.mark.parametrize("head", ["一、时间安排", "一、整治时间", "一、时间节点"])
def test_a_part_that_names_its_time_dates_the_items_of_the_plan(head):
    text = (
        f"{head}\n自即日起至2024年5月31日止。\n二、工作内容\n1.各单位要开展隐患排查。\n2.各部门要落实整改。\n"
    )
    assert set(dated(text).values()) == {dt.date(2024, 5, 31)}


def test_a_time_part_that_lists_dated_steps_is_a_calendar_with_no_one_limit():
    text = (
        "一、督导时间\n2024年10月20日前,各项目组完成自查。\n2024年10月21日-10月31日,学校组织专人检查。\n"
        "二、督导要求\n1.各项目组要提高认识,有序完成各项任务。\n2.督导处要形成督导报告,提交校长办公会。\n"
    )
    assert dated(text)["1.各项目组要提"] is None
    # an exam's time is the event's, never a limit of the work the notice asks for
    text = "一、考试时间\n2024年7月2日至7月13日。\n二、考试要求\n1.各学院要做好监考安排。\n"
    assert set(dated(text).values()) == {None}


def test_a_stage_title_with_a_bracketed_period_dates_its_list_by_the_periods_end():
    text = (
        "三、实施步骤\n（一）动员部署阶段（3月上旬）\n1.各村要召开动员会。\n2.各单位要张贴标语。\n"
        "（二）摸底排查阶段（截至2024年4月30日）\n1.各村要全面摸底。\n2.各单位要建立台账。\n"
    )
    got = dated(text)
    assert got["1.各村要召开动"] == got["2.各单位要张贴"] == dt.date(2024, 3, 10)
    assert got["2.各单位要建立"] == dt.date(2024, 4, 30)


def test_a_line_led_by_a_stages_dates_and_its_name_dates_the_work_under_it():
    text = (
        "三、工作安排\n3月1日—3月15日：宣传发动\n1.各村要召开动员会。\n2.各单位要张贴标语。\n"
        "3月16日—5月31日：集中整治\n1.各村要开展整治。\n"
    )
    got = dated(text)
    assert got["1.各村要召开动"] == dt.date(2024, 3, 15)
    assert got["1.各村要开展整"] == dt.date(2024, 5, 31)


def test_a_stages_date_never_reaches_a_part_of_a_level_above_it_the_outline_nested_under_it():
    # a text cut short above: 三、 reads as nested under the last stage （三）
    text = (
        "（二）各设区市检查阶段：10月1日至10月30日，各设区市要对所属县进行检查。\n"
        "（三）全省抽查阶段：11月1日至11月20日，我厅组织抽查。\n"
        "三、检查要求\n1.各地建设行政主管部门要高度重视，迅速开展自查。\n2.各地要做到执法必严。\n"
        "四、联系方式\n联系人：邹泗清。\n"
    )
    assert dated(text)["1.各地建设行政"] is None


def test_a_stage_that_opens_an_element_with_its_period_dates_every_sentence_of_it():
    text = (
        "一、工作安排\n（一）第一阶段（本通知下发之日至11月10日），各党支部要完成初审。各党组织要登陆网站下载表格。\n"
        "（二）第二阶段（11月11日至11月14日），党委办公室要对材料进行预审。\n"
    )
    assert dated(text)["各党组织要登陆网"] == dt.date(2024, 11, 10)


def test_the_date_a_text_is_signed_on_is_no_limit_of_its_last_time_part():
    text = (
        "三、工作要求\n1. 各单位要高度重视，认真制定实施方案。\n2. 各单位要积极配合，主动作为。\n"
        "四、时间安排\n本次活动自即日起启动，分三个阶段推进。\n特此通知。\n集团公司办公室\n2024年4月5日\n"
    )
    assert set(dated(text).values()) == {None}


def test_a_time_section_hands_down_no_cadences_day():
    # the one test of what a scope may hand down (limits.hands_down) holds for a notice's time section too
    text = (
        "关于报送统计数据的通知\n各单位：\n一、报送内容\n1.各单位要填写并上报本单位统计表。\n2.各单位要核对上报数据。\n"
        "二、报送时间\n{}报送。\n"
    )
    assert dated(text.format("每季度最后一个月的20日前"))["1.各单位要填写"] is None
    assert dated(text.format("2024年6月20日前"))["1.各单位要填写"] == dt.date(2024, 6, 20)


def test_a_hand_in_time_section_dates_the_sending_not_what_the_material_holds():
    # 报送时间 is when something is sent: the rules on what the report holds or how it is laid out are undated
    text = (
        "关于报送年度总结的通知\n各分会：\n一、报送时间\n2021年11月10日中午12:00前\n二、报送内容\n"
        "（一）各分会要全面客观分析本组织全年工作完成情况。\n三、工作要求\n"
        "（一）请各分会在规定的时间节点前将工作总结报送至校工会办公室。\n（二）各分会要按公文格式编辑排版。\n"
    )
    got = dated(text)
    assert got["（一）各分会要全"] is None
    assert got["（一）请各分会在"] == dt.date(2021, 11, 10)
    assert got["（二）各分会要按"] is None
    # an activity's time section dates the activity, whatever it sends
    assert dated(text.replace("报送时间", "活动时间"))["（一）各分会要全"] == dt.date(2021, 11, 10)


def test_the_limit_an_item_refers_to_is_never_an_as_of_date():
    text = "关于报送材料的通知\n各单位：\n{}\n请各单位在规定时间内报送自查报告。\n"
    assert dated(text.format("截至5月31日共有10家单位完成自查。"))["请各单位在规定时"] is None
    assert dated(text.format("请于5月31日前完成自查。"))["请各单位在规定时"] == dt.date(2024, 5, 31)


def test_a_scope_whose_limit_no_calendar_places_flags_its_items():
    # 放假前 under 6月30日前: the nearer scope governs, and what it states is flagged, never guessed
    text = (
        "关于做好学期工作的通知\n各学院：\n请各学院于6月30日前完成以下工作：\n"
        "一、期末工作\n请各学院在放假前完成以下工作：\n1.各学院要组织学生安全教育。\n"
        "2.各学院要做好实验室安全排查，6月20日前报送。\n"
        "二、其他工作\n1.各学院要做好招生宣传。\n"
    )
    items = {i.text[:8]: i for i in extract(text, base_date=BASE, engine="rules").items}
    flagged = items["1.各学院要组织"]
    assert flagged.deadline is None
    assert flagged.deadline_unplaced == "放假前"
    assert "deadline_unplaced" in flagged.lint
    assert items["2.各学院要做好"].deadline.date == dt.date(2024, 6, 20)  # its own date wins
    assert items["1.各学院要做好"].deadline.date == dt.date(2024, 6, 30)  # the outer scope's, elsewhere


def test_a_placeless_phrase_that_binds_nothing_flags_no_part():
    # 尽快 states no limit a part could hold to: the items take the outer scope's date
    text = (
        "关于做好学期工作的通知\n各学院：\n请各学院于6月30日前完成以下工作：\n"
        "一、期末工作\n请各学院尽快完成以下工作：\n1.各学院要组织学生安全教育。\n"
    )
    assert dated(text)["1.各学院要组织"] == dt.date(2024, 6, 30)


@pytest.mark.parametrize("engine", ["rules", "learned"])
def test_a_time_phrase_opening_an_element_dates_each_clause_split_from_it(engine):
    text = (
        "关于做好中秋节放假期间工作的通知\n各部门：\n中秋节9月17日放假，共1天。现将有关事项通知如下：\n"
        "一、各部门要做好安全检查。\n"
        "二、中秋节期间，机房要安排专人值守；物业公司要加强巡查；安保处要做好值班记录。\n"
        "三、6月底前，后勤处要完成设施检修；保卫处要组织消防演练。\n"
    )
    got = dated(text, engine)
    assert (
        got["二、中秋节期间，"] == got["物业公司要加强巡"] == got["安保处要做好值班"] == dt.date(2024, 9, 17)
    )
    assert got["三、6月底前，后"] == got["保卫处要组织消防"] == dt.date(2024, 6, 30)
    assert got["一、各部门要做好"] is None


@pytest.mark.parametrize("engine", ["rules", "learned"])
def test_an_element_that_hands_in_the_materials_above_it_dates_the_elements_before_it(engine):
    text = (
        "关于推荐优秀团支部的通知\n各学院：\n现将有关事项通知如下：\n"
        "1.各学院要认真组织推荐，填写推荐表。\n"
        "2.各学院要将推荐材料汇总后报送校团委。\n"
        "3.请于5月20日前将以上材料报送校团委办公室。\n"
    )
    got = dated(text, engine)
    assert got["1.各学院要认真"] == got["2.各学院要将推"] == dt.date(2024, 5, 20)


def test_an_element_that_hands_in_by_a_limit_without_referring_back_dates_only_itself():
    text = (
        "关于推荐优秀团支部的通知\n各学院：\n现将有关事项通知如下：\n"
        "1.各学院要认真组织推荐，填写推荐表。\n"
        "2.请于5月20日前将推荐表报送校团委办公室。\n"
    )
    got = dated(text)
    assert got["1.各学院要认真"] is None and got["2.请于5月20"] == dt.date(2024, 5, 20)


@pytest.mark.parametrize(
    ("first", "second", "ends"),
    [
        ("2.3-2.14", "2.17-2.28", (dt.date(2024, 2, 14), dt.date(2024, 2, 28))),
        ("３.４—３.１５", "３.１８—３.２９", (dt.date(2024, 3, 15), dt.date(2024, 3, 29))),
        ("【五月】", "【六月】", (dt.date(2024, 5, 31), dt.date(2024, 6, 30))),
        (
            "准备阶段：4月8日至4月19日",
            "实施阶段：4月22日至5月31日",
            (dt.date(2024, 4, 19), dt.date(2024, 5, 31)),
        ),
        (
            "检查时间：2024年10月8日—10月18日",
            "整改时间：2024年10月21日～11月8日",
            (dt.date(2024, 10, 18), dt.date(2024, 11, 8)),
        ),
        ("（7月1日～7月12日）", "（7月15日～7月26日）", (dt.date(2024, 7, 12), dt.date(2024, 7, 26))),
        (
            "（一）宣传发动阶段（8月1日至8月9日）。",
            "（二）整改落实阶段（8月12日至9月30日）。",
            (dt.date(2024, 8, 9), dt.date(2024, 9, 30)),
        ),
        (
            "1.自查阶段【2024年5月6日—5月17日】",
            "2.督查阶段【2024年5月20日—6月14日】",
            (dt.date(2024, 5, 17), dt.date(2024, 6, 14)),
        ),
        (
            "10月8日至10月18日为动员部署阶段。",
            "10月21日—11月29日，集中整治阶段",
            (dt.date(2024, 10, 18), dt.date(2024, 11, 29)),
        ),
    ],
)
def test_a_line_that_states_only_a_period_dates_the_items_under_it_until_the_next(first, second, ends):
    text = (
        f"某街道2024年工作安排\n{first}\n1、各社区要开展环境卫生整治。\n2、各社区要组织居民议事会。\n"
        f"{second}\n1、各社区要排查消防隐患。\n2、各社区要走访困难群众。\n"
    )
    got = dated(text)
    assert got["1、各社区要开展"] == got["2、各社区要组织"] == ends[0]
    assert got["1、各社区要排查"] == got["2、各社区要走访"] == ends[1]


def test_a_numbered_month_line_dates_the_sublist_the_outline_set_beside_it():
    text = (
        "某中学2024年工作计划\n1、十一月份\n（1）各年级要组织期中质量分析。\n（2）各班要召开家长会。\n"
        "2、十二月份\n（1）各年级要开展冬季长跑活动。\n（2）各班要做好安全教育。\n"
    )
    got = dated(text)
    assert got["（1）各年级要组"] == got["（2）各班要召开"] == dt.date(2024, 11, 30)
    assert got["（1）各年级要开"] == got["（2）各班要做好"] == dt.date(2024, 12, 31)


def test_a_dotted_number_and_a_single_day_alone_on_a_line_are_no_period():
    text = "某单位工作安排\n3.12\n1、各科室要开展安全检查。\n2、各科室要整理档案资料。\n"
    assert set(dated(text).values()) == {None}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("五月主题：劳动教育", "六月主题：安全教育"),
        ("五月园务工作", "六月园务工作"),
        ("5月份教研活动：", "6月份教研活动："),
    ],
)
def test_a_month_line_naming_its_theme_or_work_dates_the_items_under_it(first, second):
    text = (
        f"某幼儿园2024年工作计划\n{first}\n1、各班要开展主题活动。\n2、保健室要做好晨检。\n"
        f"{second}\n1、各班要组织家长开放日。\n2、后勤要检查大型玩具。\n"
    )
    got = dated(text)
    assert got["1、各班要开展主"] == got["2、保健室要做好"] == dt.date(2024, 5, 31)
    assert got["1、各班要组织家"] == got["2、后勤要检查大"] == dt.date(2024, 6, 30)


@pytest.mark.parametrize(
    ("title", "heading", "first", "second", "ends"),
    [
        ("某小学工作安排", "四月份", "1日——10日", "12日-20日", ((2024, 4, 10), (2024, 4, 20))),
        ("某小学工作安排", "【十月】", "８日—１５日", "１８至２５日", ((2024, 10, 15), (2024, 10, 25))),
        ("某社区2023年11月工作安排", "", "（3日～10日）", "（13-24日）", ((2023, 11, 10), (2023, 11, 24))),
        (
            "某街道工作安排",
            "六月",
            "第一阶段：2日至14日",
            "第二阶段：17日至28日",
            ((2024, 6, 14), (2024, 6, 28)),
        ),
    ],
)
def test_a_line_of_days_takes_the_month_named_before_it(title, heading, first, second, ends):
    text = (
        f"{title}\n{heading}\n{first}\n1、各社区要开展环境卫生整治。\n2、各社区要组织居民议事会。\n"
        f"{second}\n3、各社区要排查消防隐患。\n4、各社区要走访困难群众。\n"
    )
    got = dated(text)
    assert got["1、各社区要开展"] == got["2、各社区要组织"] == dt.date(*ends[0])
    assert got["3、各社区要排查"] == got["4、各社区要走访"] == dt.date(*ends[1])


def test_a_time_and_place_section_dates_the_requirements_of_its_event():
    text = (
        "关于开展义务植树活动的通知\n各镇：\n现就义务植树有关事项通知如下：\n"
        "一、时间地点\n2024年3月12日上午9时在城南荒山开展集中义务植树活动。\n"
        "二、几点要求\n1.县交警大队负责做好交通疏导。\n2.县电视台做好新闻报道工作。\n"
        "3.各镇要将活动安排于3月10日前上报县绿化办。\n"
    )
    got = dated(text)
    assert got["1.县交警大队负"] == dt.date(2024, 3, 12)
    assert got["3.各镇要将活动"] == dt.date(2024, 3, 10)
