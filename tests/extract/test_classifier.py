"""The directive test on reported requirements and commitments."""

import datetime as dt

from luoshi.extract.classifier import is_directive

BASE = dt.date(2024, 3, 1)


def test_a_document_or_meeting_asking_an_addressee_directs_it():
    assert is_directive("紧急通知要求各地,切实增强做好森林防火工作的责任感和紧迫感,进一步强化火源管理", BASE)
    assert is_directive("会议要求各地，切实增强责任感，进一步强化火源管理", BASE)


def test_a_commitment_after_its_time_adverb():
    assert is_directive("下一步，督导组将按照领导指示，加大督促力度，即时交办整改", BASE)
    assert not is_directive("连日来，督导组共巡查发现问题58处", BASE)


def test_a_list_item_led_by_its_due_date_and_actor_states_a_task():
    from luoshi.extract.classifier import actor_statement

    assert actor_statement("12月4日前，支部完成互评打分，党委委员打分点评")
    assert not actor_statement("12月4日前，完成互评打分")


def test_a_due_date_with_its_weekday_and_hour_still_leads_the_task():
    from luoshi.extract.classifier import actor_statement

    assert actor_statement("5月10日（星期五）下午5点前，各支部完成材料报送")
    assert actor_statement("5月10日（周五）前，各学院完成成绩录入")
    assert is_directive("5月10日（周五）前报送本单位年度工作总结", BASE)


def test_what_the_meeting_is_for_is_no_task():
    assert not is_directive("今天召开这次会议的主要任务是，总结去年工作，部署今年任务", BASE)
    assert not is_directive("本次培训的目的就是进一步提高大家的业务能力，确保工作顺利推进", BASE)
    assert is_directive("会后各单位要迅速传达这次会议的精神", BASE)


def test_a_short_enumerated_heading_stays_with_the_clause_that_explains_it():
    from luoshi.extract.classifier import split_units
    from luoshi.extract.normalize import normalize

    t = normalize("三是要抓落实，对布置的各项工作任务要逐项研究，逐条落实。")
    assert split_units(t, 0, len(t)) == [(0, len(t))]
    t = normalize("在选人用人上要坚持标准，在基层党建上要夯实基础。")
    assert len(split_units(t, 0, len(t))) == 2


def test_paired_modals_split_into_their_clauses():
    from luoshi.extract.classifier import split_units
    from luoshi.extract.normalize import normalize

    t = normalize("检查既要突出重点行业的隐患排查，也要做到全覆盖、无死角，还要建立整改台账。")
    units = [t[a:b] for a, b in split_units(t, 0, len(t))]
    assert units == ["检查既要突出重点行业的隐患排查，", "也要做到全覆盖、无死角，", "还要建立整改台账。"]


def test_after_how_the_work_is_organised_an_actors_clause_is_a_unit_of_its_own():
    from luoshi.extract.classifier import split_units
    from luoshi.extract.normalize import normalize

    t = normalize("领导小组下设办公室，办公室设在党政办，主任由陶宏壮兼任，各成员要指导好各村的整洁行动。")
    cut = t.index("各成员")
    assert split_units(t, 0, len(t)) == [(0, cut), (cut, len(t))]
    t = normalize("主任由陶宏壮兼任，各成员要指导好各村的整洁行动。")
    assert split_units(t, 0, len(t)) == [(0, len(t))]


def test_a_bodys_request_inside_a_report_is_a_directive_and_a_unit_of_its_own():
    from luoshi.extract.classifier import split_units
    from luoshi.extract.normalize import normalize

    assert is_directive("市创卫办要求各单位在本月17日之前将汇报材料交市创卫办", BASE)
    t = normalize(
        "记者获悉，我市各单位已经开始编写汇报材料，市创卫办要求各单位在本月17日之前将汇报材料交市创卫办。"
    )
    cut = t.index("市创卫办")
    assert split_units(t, 0, len(t)) == [(0, cut), (cut, len(t))]
    t = normalize("我市各单位已经开始编写汇报材料，记者要求各单位提供材料。")
    assert split_units(t, 0, len(t)) == [(0, len(t))]


def test_a_modal_inside_the_object_of_a_narrated_verb_directs_no_one():
    assert not is_directive("大会深刻阐述了教育强国建设要正确处理好的五个重大关系，系统部署了战略任务", BASE)
    assert is_directive("会议听取了汇报，各单位要做好今年的换届工作", BASE)
