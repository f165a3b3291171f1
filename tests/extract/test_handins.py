import datetime as dt

from luoshi.extract import extract

BASE = dt.date(2024, 11, 1)


def dated(text: str) -> dict[str, dt.date | None]:
    return {
        i.text[:8]: i.deadline.date if i.deadline else None
        for i in extract(text, base_date=BASE, engine="rules").items
    }


def test_the_sentence_right_after_an_item_that_hands_in_its_work_dates_it():
    text = (
        "各单位要结合本单位实际,认真研究制定贯彻落实的规划和措施。有关情况请及时报告机关党委。"
        "贯彻落实的具体措施于11月20日前上报。\n"
    )
    assert dated(text)["各单位要结合本单"] == dt.date(2024, 11, 20)


def test_a_hand_in_of_something_else_after_the_item_dates_nothing():
    text = "各单位要加强值班,确保节日安全。各学院于11月20日前将评优名单报送学生处。\n"
    assert dated(text)["各单位要加强值班"] is None


def test_a_material_named_by_the_item_takes_the_limit_it_is_handed_in_by():
    text = (
        "各地要将专项行动形成总结材料,并于12月15日前报市安委办。\n"
        "总结材料要涵盖安排部署、自查自改等四个阶段。\n"
    )
    assert dated(text)["总结材料要涵盖安"] == dt.date(2024, 12, 15)
