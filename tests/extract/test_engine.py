import datetime as dt

from luoshi.extract import OrgChart, extract

BASE = dt.date(2026, 3, 18)


def items(text: str, **kw):
    return extract(text, base_date=BASE, **kw).items


def rule_items(text: str, **kw):
    """The rules' own decision (the fallback): tests of which sentences the rules choose."""
    return items(text, engine="rules", **kw)


def test_contract_offsets(seed_text, seed_result):
    for it in seed_result.items:
        assert seed_text[it.start : it.end] == it.text
    d = seed_result.to_dict()
    assert d["chars"] == len(seed_text) and d["base_date"] == "2023-02-01"
    assert {"level", "marker", "title", "start", "end"} <= set(d["outline"][0])


def test_seed_structure(seed_result):
    first = seed_result.items[0]
    assert first.text.startswith("一要认真学习") and first.text.endswith("掌握精华要义")
    assert [o.mention for o in first.owners] == ["各分管副部长"]
    assert seed_result.outline[0].marker == "一要"
    titles = {n.marker: n.title for n in seed_result.outline}
    assert titles["第一"] == "如何提高组织工作的政治站位"


def test_site_noise_yields_no_items(seed_text, seed_result):
    footer = seed_text.index("公文写作门户网站")
    assert all(it.end <= footer for it in seed_result.items)
    assert all(it.start > seed_text.index("\n") for it in seed_result.items)


def test_review_and_praise_are_not_items():
    text = "过去一年，各项工作取得了新的成效。一是理论武装扎实有效；二是干部队伍持续优化。这些成绩值得肯定。"
    assert items(text) == []


def test_parallel_clauses_are_separate_items():
    got = [
        i.text
        for i in rule_items(
            "讲政治具体来讲,在选人用人上要突出政治标准、在基层党建上要强化政治功能,使工作有方向。"
        )
    ]
    assert got == ["在选人用人上要突出政治标准", "在基层党建上要强化政治功能"]


def test_work_plan_items_with_owner_lines_and_deadlines():
    text = (
        "一、深化理论武装\n（一）抓好学习\n"
        "1. 制定培训计划，分级开展轮训。（责任单位：干部教育科、市委党校，完成时限：3月底前）\n"
        "2. 完善研判机制，6月底前完成一轮分析研判。\n牵头单位：干部一科；配合单位：干部二科\n"
        "（二）选好干部\n二、建设干部队伍\n"
    )
    a, b = items(text)[:2]
    assert a.text.endswith("完成时限：3月底前）") and a.deadline.date == dt.date(2026, 3, 31)
    assert [(o.mention, o.role) for o in b.owners] == [("干部一科", "lead"), ("干部二科", "co")]
    assert b.text.endswith("配合单位：干部二科") and b.outline_path == ["一、", "（一）", "2."]


def test_section_wide_deadline_and_owner():
    text = (
        "一、目标\n总体目标是工作质量明显提升。\n二、工作安排\n（一）动员部署。各县区要召开动员会。\n（二）对照自评。各基层党组织要开展自评。\n"
        "以上工作要在6月30日前完成。\n三、要求\n（一）加强领导。各级党组织要高度重视。\n"
    )
    got = items(text)
    assert [i.deadline.date if i.deadline else None for i in got] == [dt.date(2026, 6, 30)] * 2 + [None]


def test_placeholder_and_start_date():
    it = rule_items("我们要在今年X月份内把人员配备安排好,从X月份开始,要深入基层开展大调研。")
    assert it[0].deadline.placeholder and it[0].deadline.date is None
    assert it[1].start_date.placeholder and it[1].deadline is None


def test_working_day_deadline_and_cadence():
    it = items("（一）各科室要在10个工作日内报送方案，每月5日前报送进展。\n（二）部办公室每周五前汇总。")
    assert it[0].deadline.date == dt.date(2026, 4, 1) and it[0].cadence == "monthly:5"


def test_lint_flags_vague_and_missing_fields():
    it = items("要进一步加强思想建设，切实提高工作水平。")[0]
    assert it.lint == ["no_owner", "no_deadline", "vague"]
    it = items("干部一科要在6月底前培训干部500人次。")[0]
    assert it.lint == [] and it.targets[0].value == 500 and it.targets[0].unit == "人次"


def test_tab_table_rows():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n1\t制定考核工作方案,报部务会审议\t干部一科\t11月底前\n"
        "2\t1.完成档案扫描；2.完成审核验收\t干部监督科、干部一科\t年底前\n"
    )
    got = items(text)
    # the item runs from the row's number; a cell of numbered tasks is still one row's item
    assert [i.text for i in got] == ["1\t制定考核工作方案,报部务会审议", "2\t1.完成档案扫描；2.完成审核验收"]
    assert [o.mention for o in got[1].owners] == ["干部监督科", "干部一科"]
    assert got[0].deadline.date == dt.date(2026, 11, 30)


def test_web_table_one_cell_a_line_and_person_columns():
    text = (
        "2025年重点工作及责任清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n推进污水管网提升项目,做好基础设施配套。 |\n张云峰 |\n规划建设局、改革办 |\n全年 |\n"
        "2 |\n盘活存量土地400亩。 |\n马振明 |\n改革办 |\n9月底前 |"
    )
    got = items(text)
    assert [i.text for i in got] == ["1 |\n推进污水管网提升项目,做好基础设施配套", "2 |\n盘活存量土地400亩"]
    assert [i.action for i in got] == ["推进污水管网提升项目", "盘活存量土地400亩"]
    assert [o.mention for o in got[0].owners] == ["规划建设局", "改革办"]
    assert got[0].deadline.date == dt.date(2026, 12, 31) and got[1].deadline.date == dt.date(2026, 9, 30)


def test_text_without_requirements():
    assert items("今天天气很好。大家辛苦了。") == []


def test_org_chart_resolution():
    chart = OrgChart([{"id": "gb1", "name": "干部一科", "aliases": ["干部科"]}])
    it = items("干部一科要在6月底前完成研判。市住建局要配合。", org=chart)
    assert (it[0].owners[0].unit, it[0].owners[0].confidence) == ("gb1", 1.0)
    assert it[1].owners[0].unit is None and it[1].owners[0].mention == "市住建局"


def test_no_django_and_no_jieba_loaded():
    import subprocess
    import sys

    code = (
        "import sys, luoshi.extract as e, luoshi.extract.cli, luoshi.extract.llm,"
        " luoshi.reports.decomposition;"
        "e.extract('各科室要在6月底前完成。');"
        "assert not [m for m in sys.modules if m.startswith(('django', 'jieba'))], 'heavy import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_time_spans_are_not_targets():
    it = items("干部一科要在10个工作日内完成方案，两周内培训干部30名。")[0]
    assert [(t.value, t.unit) for t in it.targets] == [(30.0, "名")]


def test_topic_heading_with_several_sentences_is_not_one_item():
    text = (
        "一、关于自身建设。组工干部要带头讲政治、守纪律。今年是换届之年，大家要克服困难。"
        "要建立“周例会、月通报”制度，每周一召开部务例会。\n二、关于安全。各单位要抓好安全生产。\n"
    )
    got = items(text)
    assert [i.text for i in got[:2]] == [
        "组工干部要带头讲政治、守纪律",
        "要建立“周例会、月通报”制度，每周一召开部务例会",
    ]
    assert got[1].owners == [] and got[1].cadence == "weekly:1"


def test_one_sided_enumerations_and_circled_numbers():
    text = (
        "一方面，要坚持严管厚爱结合，县委组织部要在4月底前出台实施细则；另一方面，要加大年轻干部培养力度。"
        "重点抓好三项工作：①开展换届“回头看”，6月底前完成；②推进服务中心提档升级；③落实报酬待遇，组织二科牵头，财政局配合。"
    )
    got = items(text)
    assert [i.outline_path[-1] for i in got] == ["一方面", "另一方面", "①", "②", "③"]
    assert [(o.mention, o.role) for o in got[-1].owners] == [("组织二科", "lead"), ("财政局", "co")]


def test_creed_sections_and_time_lines():
    text = (
        "一、指导思想\n坚持以新思想为指导，深入贯彻落实条例。\n二、主要任务\n"
        "1．实施理论教育培训，全年举办进修班2期。\n责任单位：干部教育科；责任人：李xx\n时间：2026年3月—11月\n"
        "2．加强专业化能力培训，举办专题培训班10期。\n"
    )
    got = items(text)
    assert [i.outline_path for i in got] == [["二、", "1．"], ["二、", "2．"]]
    assert got[0].text.endswith("时间：2026年3月—11月") and got[0].deadline.date == dt.date(2026, 11, 30)
    # the person of a 责任人 line answers for the unit beside it, who acts (as in a task table)
    assert [(o.mention, o.role) for o in got[0].owners] == [("干部教育科", "lead")]


def test_review_enumeration_borrowing_directive_words_yields_no_items():
    text = (
        "一、主要特点\n从检查情况看，自动员大会以来，各单位能够按照统一部署，迅速行动。\n"
        "（一）领导高度重视。各单位及时制定方案，确保学习教育有固定场所。\n"
        "（二）积极营造氛围。街道党工委制作了宣传栏。\n"
    )
    assert rule_items(text) == []


def test_creed_after_a_colon_and_a_meeting_opening_are_not_items():
    text = (
        "今年工作的总体要求是：深入贯彻上级精神，强化统筹协调，建立健全工作机制。\n"
        "今天召开这次会议，主要目的是总结上半年工作，部署下半年任务。\n各科室要在6月底前报送总结。"
    )
    assert [i.text for i in items(text)] == ["各科室要在6月底前报送总结"]


def test_numbered_element_with_several_actors_and_persons_asked_by_name():
    got = items(
        "二、有关工作安排\n1.教师在放假前要完成教学任务。各教学单位要在开学第一天检查上课情况。\n"
        "2.会议要求：请仇珂静、刘亚亮等同志认真研阅，推动成果落地。\n"
    )
    assert [[o.mention for o in i.owners] for i in got] == [["教师"], ["各教学单位"], ["仇珂静", "刘亚亮"]]


def test_a_short_directive_heads_the_sentence_that_explains_it_and_clauses_share_the_actor():
    got = items(
        "黄腾要求，要对号入座，抓好落实。各街道要对照任务建立台账。\n会议要求，各级各部门要细化任务措施；要加大宣传力度。"
    )
    assert [i.text for i in got] == [
        "要对号入座，抓好落实。各街道要对照任务建立台账",
        "各级各部门要细化任务措施",
        "要加大宣传力度",
    ]
    assert [o.mention for o in got[2].owners] == ["各级各部门"]


def test_a_reported_requirement_names_the_units_asked():
    got = items("领导小组办公室立即下发通知，要求各责任单位认真落实批示要求，加快推进整改销号工作。")
    assert len(got) == 1 and [o.mention for o in got[0].owners] == ["各责任单位"]


def test_a_task_heading_on_its_own_line_and_its_body_are_one_item():
    text = (
        "一、重点任务\n（一）进一步推进清单公开\n对清单进行动态调整，公布新版清单。编制重点领域专项清单。\n"
        "（二）加强队伍建设\n组织全员培训，每季度考核一次。\n"
    )
    got = items(text)
    assert [i.text.split("\n")[0] for i in got] == ["（一）进一步推进清单公开", "（二）加强队伍建设"]
    assert got[0].text.endswith("编制重点领域专项清单")
    # a nominal section title keeps its sentences apart
    assert (
        len(items("一、主要内容\n各单位要报送台账。各科室要按月更新。\n二、保障措施\n办公室要定期调度。"))
        == 3
    )


def test_numbered_items_opening_with_an_adverbial_or_an_adverb_direct():
    text = (
        "二、内容安排：\n1. 结合纪念日开展主题党日，教育引导党员投身志愿服务。\n"
        "2. 继续组织党员在线学习，提高学习成效。\n3、依据工作需求，本着节约的原则，制订经费预算。\n"
        "4、进一步加大环境卫生管理力度。\n"
    )
    assert [i.text[:2] for i in items(text)] == ["1.", "2.", "3、", "4、"]


def test_a_heading_naming_a_part_of_the_document_is_no_task_and_a_meeting_is_no_imperative():
    text = "一、考核对象\n县管领导班子。新任职不满半年的不参加评定。\n二、考核内容\n主要考核履职情况。"
    assert items(text) == []
    assert items("按照部务会议的安排，今天我们召开推进会，对下半年工作再部署。") == []


def test_requests_commitments_and_aims_with_a_time_limit_are_items():
    """The rules' choice; the learned decision weighs a lone sentence by the corpus."""
    got = rule_items("10项任务已完成9项，请区住建局按照要求，尽快销号。")
    assert [i.text for i in got] == ["请区住建局按照要求，尽快销号"]
    assert [o.mention for o in got[0].owners] == ["区住建局"]
    assert rule_items("妥否，请张xx副部长阅示。") == []
    got = rule_items("争取“十一”之前，在网站上公示完毕。")
    assert len(got) == 1 and got[0].deadline.date == dt.date(2026, 9, 30)
    got = rule_items("区政府办公室将定期开展工作调度，每季度汇总一次进展。区政府将于明天召开会议。")
    assert [o.mention for o in got[0].owners] == ["区政府办公室"] and len(got) == 1
    assert len(rule_items("行动过程中，每季度报送一次工作进展情况。")) == 1
    assert rule_items("找领导争取项目的多了，向领导要职务、要待遇的。") == []


def test_in_a_numbered_element_with_several_actors_a_sentence_without_one_continues_the_last():
    text = (
        "二、工作安排\n1.各科室放假前要开展自查。假期期间要做好值班工作。保卫科要开展安全大检查。"
        "各学院在保证安全前提下，积极组织学生参加社会实践。\n2.办公室要汇总值班表。\n"
    )
    got = items(text)
    assert [i.text for i in got[:3]] == [
        "1.各科室放假前要开展自查。假期期间要做好值班工作",
        "保卫科要开展安全大检查",
        "各学院在保证安全前提下，积极组织学生参加社会实践",
    ]
    assert [o.mention for o in got[2].owners] == ["各学院"]


def test_sentences_of_one_actor_stay_with_their_heading_and_goals_are_no_tasks():
    text = (
        "二、工作要求\n1.强化责任落实。各责任单位要加强组织领导。各责任单位要细化工作方案。\n"
        "2.加强督查。督查室要定期通报进展。\n"
    )
    assert [i.text[:2] for i in rule_items(text)] == ["1.", "2."]
    goals = (
        "一、主要目标\n1.到2026年，建成示范社区10个。\n2.到2027年，全面推开。\n"
        "二、重点任务\n1.加快建设示范社区。\n2.完善服务设施。\n"
    )
    assert [i.text for i in rule_items(goals)] == ["1.加快建设示范社区", "2.完善服务设施"]
    owned = (
        "一、主要目标\n1.地区生产总值增长6%左右。\n牵头单位："
        "区发改局\n2.一般公共预算收入增长5%。\n牵头单位：区财政局\n"
    )
    assert len(rule_items(owned)) == 2


def test_an_explanation_is_no_review_and_purposes_and_role_nouns_direct_no_one():
    text = (
        "区政府印发了《分工方案》，现将主要内容解读如下：\n一、主要内容\n方案分解任务30项。\n"
        "二、保障措施\n区政府办公室将定期开展调度，每季度通报一次进展。\n"
    )
    assert [i.text for i in items(text)] == ["区政府办公室将定期开展调度，每季度通报一次进展"]
    assert items("为确保任务落实到位，区政府办公室对任务进行了细化分解。") == []
    assert items("任务分解表分为任务内容、牵头领导、责任单位三栏。") == []


def test_a_stage_heading_dates_each_actors_task_and_actor_led_sentences_are_items():
    text = (
        "（二）排查阶段（2026年4月1日至4月15日）。各乡镇政府组织有关部门对辖区内问题进行深入排查。"
        "各地市领导小组要于4月10日前将排查情况报市领导小组办公室。\n"
        "（三）第三阶段（2026年4月16日至5月31日）。市领导小组将有计划地组织督查组开展暗查。"
        "对典型案件，要公开处理一批责任人。\n"
    )
    got = {
        i.text[:6]: (i.deadline.date if i.deadline else None, [o.mention for o in i.owners])
        for i in items(text)
    }
    assert got["各乡镇政府组"] == (dt.date(2026, 4, 15), ["各乡镇政府"])
    assert got["各地市领导小"] == (dt.date(2026, 4, 10), ["各地市领导小组"])
    assert got["市领导小组将"] == (dt.date(2026, 5, 31), ["市领导小组"])
    assert got["对典型案件，"][0] == dt.date(2026, 5, 31)
    # a directive first sentence keeps its own date (3.春节前，A要…。B要…)
    text = "二、安排\n1.春节前，人事科要做好慰问。工会要组织好文体活动。\n2.办公室要安排值班。\n"
    assert [i.deadline is not None for i in items(text)] == [True, False, False]


def test_short_modals_of_a_notice():
    got = items("各支部须于3月底前报送总结。各科室应于4月10日前完成自查。")
    assert [([o.mention for o in i.owners], i.deadline.date) for i in got] == [
        (["各支部"], dt.date(2026, 3, 31)),
        (["各科室"], dt.date(2026, 4, 10)),
    ]
    assert items("相应的应急预案已经制定。参会人员须知见附件。") == []


def test_a_list_of_slogans_names_topics_not_tasks():
    text = "校长提出了四点要求：团结一心夺连冠；立足本职比贡献；强化执行保统一；深入群众促和谐。"
    assert items(text) == []
    kept = items("会议要求：要严守政治纪律；要坚决顾全大局；要严格遵守规矩。")
    assert len(kept) == 3


def test_parallel_clauses_never_borrow_a_later_actor_and_reminders_name_their_addressee():
    got = rule_items("校长强调：学生作业要安排适量；语文组要组织阅读活动；团委要组织实践活动。")
    assert [[o.mention for o in i.owners] for i in got] == [[], ["语文组"], ["团委"]]
    got = rule_items("最后，校长从师德层面出发，提醒广大教职工严禁从事有偿家教。")
    assert [o.mention for o in got[0].owners] == ["广大教职工"]
    got = rule_items("对于大气污染防治工作，区长强调，防治形势依然严峻，要深入持久抓好治理。")
    assert [i.text for i in got] == ["要深入持久抓好治理"]
    assert len(rule_items("全体后勤人员必需树立服务意识。")) == 1


def test_an_actor_inside_the_first_clause_owns_it_only():
    got = rule_items(
        "书记强调，一是要重学习，各支部要把学习作为政治任务来抓；二是要补短板，主动整改；三是要抓落实。"
    )
    assert [[o.mention for o in i.owners] for i in got] == [["各支部"], [], []]
    got = rule_items("会议要求，各乡镇要压实责任，抓好整改；要加强督查，确保落实。")
    assert [[o.mention for o in i.owners] for i in got] == [["各乡镇"], ["各乡镇"]]


def test_a_misspelt_modal_still_names_its_actor():
    got = items("二、工作措施\n1、全体后勤人员必需树立服务意识。\n2、食堂要保障供应。\n")
    assert [o.mention for o in got[0].owners] == ["全体后勤人员"]


def test_parallel_topics_share_the_addressee_and_old_style_requests_direct():
    got = items("会议要求，各级各部门思想认识要再提高，增强紧迫感；责任意识要再强化，织密责任体系。")
    assert [[o.mention for o in i.owners] for i in got] == [["各级各部门"], ["各级各部门"]]
    got = items("现定于5月27日起到各单位检查，望各单位主要负责人做好下列准备工作，并予以配合。")
    assert [o.mention for o in got[-1].owners] == ["各单位主要负责人"]
    text = (
        "一是强化思想意识。各乡镇各部门一定要把安全生产列入议事日程，"
        "切实做到强化责任。\n二是强化责任落实。各乡镇政府要签订责任书。"
    )
    assert [i.text[:2] for i in items(text)] == ["一是", "二是"]


def test_the_quoted_words_of_an_instruction_are_items():
    text = (
        "9月17日，市长对整改工作作出批示：“海洋局认真抓紧整改，"
        "督查室搞好配合。”副市长也提出要求：“20项已完成，请交通局尽快销号。”"
    )
    got = rule_items(text)
    assert [i.text for i in got] == ["海洋局认真抓紧整改，督查室搞好配合", "请交通局尽快销号"]
    assert [o.mention for o in got[0].owners][:1] == ["海洋局"]


def test_a_short_title_and_one_actors_body_are_one_item():
    text = (
        "各二级党委:\n3、党员信息维护。各二级党委要做好《全国党员管理信息系统》的维护工作。"
        "在校党委组织部的指导下,完成新发展党员的录入(纸质介绍信由校党委组织部统一开具)等工作。\n"
        "4、党内统计工作。各二级党委于每年12月下旬,完成本年度党内统计上报工作。要做好党员变动情况的日常登记。\n"
    )
    got = items(text)
    assert [i.text[:2] for i in got] == ["3、", "4、"]
    assert [[o.mention for o in i.owners] for i in got] == [["各二级党委"], ["各二级党委"]]


def test_a_short_title_and_one_actors_directives_after_it_are_one_item():
    text = (
        "一、统一思想,夯实责任。各镇街主要负责人要进一步增强责任意识,将承担的任务逐项分解、细化到人。"
        "要加强调度,完善台账,建立问题清单和整改机制。\n"
        "二、强化督查,务求实效。区督查室要定期督查,及时通报进展。\n"
    )
    got = items(text)
    assert [i.text[:2] for i in got] == ["一、", "二、"]
    assert got[0].text.endswith("整改机制")


def test_each_element_under_a_heading_that_names_the_tasks_is_a_task():
    """The rules' candidates; the learned decision may still weigh a four-word slogan as no task."""
    text = (
        "二、工作重点\n1、继续校园硬件建设。\n2、创建市级文明校园。\n"
        "三、行事历\n九月份\n1、统计新生人数,分发校服。\n2、卫生知识讲座。\n"
    )
    got = [i.text for i in rule_items(text)]
    assert got == [
        "1、继续校园硬件建设",
        "2、创建市级文明校园",
        "1、统计新生人数,分发校服",
        "2、卫生知识讲座",
    ]
    assert [i.text for i in rule_items("二、主要做法\n1、继续校园硬件建设。\n2、创建市级文明校园。\n")] == []


def test_after_a_transmittal_each_actor_led_sentence_of_an_element_is_a_task():
    text = (
        "《年度重点任务清单》已经县政府同意,现印发给你们,并就有关事项通知如下。\n"
        "一、提高站位,周密安排。各牵头单位于3月10日前将推进计划报县督查室。"
        "各配合单位主要负责人切实履行配合职责,按时报送进展。\n"
        "二、严格督办,确保实效。县督查室每季度开展一次专项督查,通报进展滞后的单位。\n"
    )
    got = items(text)
    assert [i.text[:6] for i in got] == ["各牵头单位于", "各配合单位主", "二、严格督办"]
    assert [o.mention for o in got[0].owners] == ["各牵头单位"]


def test_a_heading_of_the_notices_arrangements_holds_no_task():
    text = (
        "一、参加对象\n各支部组织委员、机关全体党员。\n"
        "二、活动要求\n1、各支部要组织党员撰写心得。\n2、各支部要按时报送稿件。\n"
    )
    assert [i.text[:2] for i in items(text)] == ["1、", "2、"]


def test_a_unit_whose_review_the_clause_requires_owns_it():
    text = "1.凡涉及合同的材料,须经学校法律事务办审核。\n2.凡涉及经费的议题,主办部门要主动征求财务处意见。\n"
    first = items(text)[0]
    assert [o.mention for o in first.owners] == ["学校法律事务办"]


def test_a_list_item_that_specifies_is_no_task():
    text = (
        "请各校将2013学年教育宣传信息发表情况按以下要求做好统计。\n"
        "1.统计时间:2013年7月1日——2014年6月30日。\n"
        "2.统计范围:遂昌教育网、遂昌政府网及各类报刊刊登信息。\n"
        "3.按要求填好登记表,并于7月3日前发送到邮箱。\n"
    )
    assert [i.text[:2] for i in rule_items(text) if i.text[:1].isdigit()] == ["3."]


def test_numbered_elements_run_into_a_paragraph_are_whole_items():
    text = (
        "全体机关干部要开展好各项工作。一、各村要高度重视,全面开展村庄绿化美化。因地制宜,制定苗木管护制度。"
        "二、做好信访稳定工作。村干部要有担当意识,做好矛盾纠纷化解工作。\n"
    )
    got = [i for i in items(text) if i.text[:2] in ("一、", "二、")]
    assert [i.text for i in got] == [
        "一、各村要高度重视,全面开展村庄绿化美化。因地制宜,制定苗木管护制度",
        "二、做好信访稳定工作。村干部要有担当意识,做好矛盾纠纷化解工作",
    ]


def _notice(announced: bool) -> str:
    return (
        "关于期末阅卷工作的通知\n各学院:\n"
        + ("现将期末阅卷有关事项通知如下:\n" if announced else "")
        + "一、阅卷与成绩录入\n1.考试结束后阅卷老师及时到考务办公室取回试卷批阅。\n"
        "2.纸质成绩单经系主任签字后交教务处存档。\n3.成绩录入系统开放时间:6月20日-6月30日。\n"
    )


def test_a_notice_announcing_its_arrangements_numbers_what_its_addressees_do():
    got = items(_notice(announced=True))
    assert [i.text for i in got] == [
        "1.考试结束后阅卷老师及时到考务办公室取回试卷批阅",
        "2.纸质成绩单经系主任签字后交教务处存档",
    ]
    # the window stated beside the steps dates the steps before it too
    assert [i.deadline.date for i in got] == [dt.date(2026, 6, 30)] * 2


def test_without_the_announcement_numbered_statements_stay_statements():
    assert rule_items(_notice(announced=False)) == []


def test_numbered_tasks_run_into_one_paragraph_keep_heading_and_body_together():
    text = (
        "某中学年度工作计划\n新学年学校继续抓好各项工作。一、加强党的建设（一）提高决策能力，建设精干团队。"
        "健全议事规则，完善决策程序。抓好支部建设，发挥党员作用。（二）深化党建品牌，融合党建教学。"
        "总结品牌经验，推广典型做法。开展主题活动，提升育人实效。"
    )
    assert [i.text[:4] for i in items(text)] == ["（一）提", "（二）深"]


def test_a_specification_that_names_who_does_it_is_a_task():
    text = (
        "关于成绩报送的通知\n各学院:\n现将有关事项通知如下:\n"
        "1.报送方式:由任课教师将成绩录入教务系统。\n2.报送时间:6月30日前。\n"
    )
    got = items(text)
    assert [i.text for i in got] == ["1.报送方式:由任课教师将成绩录入教务系统"]
    assert got[0].deadline.date == dt.date(2026, 6, 30)


def test_web_table_cells_on_lines_led_by_a_bar_with_a_spanning_category():
    text = (
        "| 序号\n  | 类别\n  | 工作内容\n  | 分值\n   \n"
        "  | 1\n  | 职能目标\n    （300分）\n  | 做好全委会的筹备和服务工作。\n  | 100\n   \n"
        "  | 2\n  | 加强与相关部门的对口协商工作。\n  | 100\n   \n"
    )
    got = items(text)
    assert [i.text for i in got] == ["做好全委会的筹备和服务工作", "加强与相关部门的对口协商工作"]


def test_lines_led_by_a_bar_without_a_header_are_not_read_as_a_table():
    text = "| 各单位要在6月底前报送总结。\n| 联系人：张三\n"
    assert [i.text.lstrip("| ") for i in items(text)] == ["各单位要在6月底前报送总结"]


def test_the_holiday_a_notice_announces_dates_what_is_required_during_it():
    text = (
        "关于2026年端午节放假安排的通知\n各单位:\n现将端午节放假安排通知如下:\n"
        "6月19日至6月21日放假调休,共3天。\n节假日期间,各单位要妥善安排值班和安全保卫工作。\n"
    )
    got = items(text)
    assert [(i.deadline.phrase, i.deadline.date) for i in got] == [("节假日期间", dt.date(2026, 6, 21))]
    # without the days off, a 期间 names no date
    assert items("节假日期间,各单位要妥善安排值班和安全保卫工作。")[0].deadline is None


def test_a_plans_month_lines_introduce_that_months_tasks():
    text = (
        "某校工会工作计划\n全年主要工作安排:\n三月份:\n1、庆祝三八妇女节。\n2、教工趣味运动会。\n"
        "四月份:\n1、教工体检。\n2、青年教师座谈会。\n"
    )
    got = items(text)
    assert [i.text for i in got] == [
        "1、庆祝三八妇女节",
        "2、教工趣味运动会",
        "1、教工体检",
        "2、青年教师座谈会",
    ]
    assert [i.deadline.date for i in got] == [dt.date(2026, 3, 31)] * 2 + [dt.date(2026, 4, 30)] * 2


def test_a_month_line_after_a_list_element_dates_the_list_under_it():
    # lines without stops: the month line ends the element before it, yet heads the list after it
    text = (
        "某校德育工作计划\n3、开展爱国主义主题教育活动\n4、组织新队员入队仪式活动\n"
        "十一月份:\n1、举办校园板报评比活动\n2、组织少先队辅导员培训\n十二月份:\n1、开展纪念活动\n2、开展互助学习活动\n"
    )
    got = [i.deadline.date if i.deadline else None for i in items(text)]
    assert got == [None, None] + [dt.date(2026, 11, 30)] * 2 + [dt.date(2026, 12, 31)] * 2


def test_the_tasks_after_how_the_work_is_organised_are_items_and_the_organisation_a_not_task():
    text = "领导小组下设办公室，办公室设在党政办，主任由陶宏壮兼任，各领导小组成员要指导好各村的整洁行动。\n"
    res = extract(text, base_date=dt.date(2026, 3, 18), engine="rules")
    assert [it.text for it in res.items] == ["各领导小组成员要指导好各村的整洁行动"]
    assert [nt.reason for nt in res.not_tasks] == ["组织机构的设置，不是任务"]


def test_a_list_of_what_was_done_and_a_meeting_agenda_after_a_colon_are_not_items():
    text = (
        "今天召开全体会议，主要任务是：贯彻落实上级政策措施，奋战一百天，决胜全年度。\n"
        "今年基层党建的一些工作走在了全市前边：区域化党建由点到线；建立的社区“群众说事室”，在省里刊发，等等。\n"
        "学校要求各年级开展系列活动：编写学校十年校史；开展艺术节活动。\n"
    )
    assert [i.text for i in rule_items(text)] == ["编写学校十年校史", "开展艺术节活动"]


def test_persons_a_responsibility_key_names_are_no_owners_units_are():
    text = (
        "一、确保春节期间平安稳定(责任人:叶玉章、付唐明)\n"
        "1.全面排查整治隐患，在各行业开展一轮大排查。\n"
        "二、做好值班工作(责任人:校办)\n"
        "1.各单位要安排好节日值班。\n"
        "2.确保通讯畅通，及时报告突发情况。\n"
    )
    got = rule_items(text)
    owners = {i.text[:6]: [o.mention for o in i.owners] for i in got}
    assert owners == {"一、确保春节": [], "1.各单位要": ["各单位"], "2.确保通讯": ["校办"]}


def test_a_text_in_traditional_characters_is_read_as_simplified_and_reported_as_written():
    text = "各牽頭單位要於每月28日前將各項工作任務進展情況報送市政府督考辦。"
    (it,) = items(text)
    assert it.text == text.rstrip("。")
    assert [o.mention for o in it.owners] == ["各牽頭單位"]


def test_a_long_run_of_one_character_is_read_in_linear_time():
    """A pasted line of 40,000 digits or colons read in seconds: a pattern tried from every character of
    a run, or a remainder stripped at every colon, took minutes (a request's worth of server time)."""
    import time

    for text in ("1" * 40_000, "：" * 40_000, "3月" + "1" * 40_000 + "日前完成。"):
        started = time.process_time()
        extract(text, base_date=BASE)
        assert time.process_time() - started < 5, text[:8]
