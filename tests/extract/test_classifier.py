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
