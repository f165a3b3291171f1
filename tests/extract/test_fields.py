"""The deadline an item gets when several time phrases, an hour or a cadence surround its date."""

import datetime as dt

from luoshi.extract import extract

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
