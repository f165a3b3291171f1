"""bench/titles.py's judge: each class of fault of a task title is told apart."""

from bench.titles import faults


def item(text, phrase="", mentions=()):
    return {"doc": "d", "text": text, "phrase": phrase, "mentions": list(mentions)}


def test_a_clean_title_has_no_fault():
    assert faults(item("各科室要完成干部档案专项审核，确保不漏一人"), "完成干部档案专项审核", 30) == []


def test_each_fault_is_named():
    assert "cut_in_word" in faults(item("要加强防灾减灾工作"), "加强防灾减", 30)
    assert "function_end" in faults(item("通过校内公示栏、学校网站和"), "通过校内公示栏、学校网站和", 30)
    assert "unbalanced" in faults(item("创办“教工之家”"), "创办“教工之家", 30)
    owned = item("干部一科完成审核", mentions=["干部一科"])
    assert "owner_or_deadline" in faults(owned, "干部一科完成审核", 30)
    assert "owner_or_deadline" in faults(item("6月底前完成审核", "6月底前"), "6月底前完成审核", 30)
    assert "too_long" in faults(item("完成审核"), "完成审核", 3)
