import datetime as dt

from luoshi.extract.festivals import qingming, spring_festival


def test_qingming_is_the_solar_term_and_the_rule_of_thumb_agrees_with_it_from_2008_to_2031():
    assert qingming(2022) == dt.date(2022, 4, 5)
    assert qingming(2024) == dt.date(2024, 4, 4)
    assert all(qingming(y) == dt.date(y, 4, 4 if y % 4 < 2 else 5) for y in range(2008, 2032))


def test_the_lunar_new_year_is_known_only_for_the_years_of_the_table():
    assert spring_festival(2027) == dt.date(2027, 2, 6)
    assert spring_festival(1990) is None
