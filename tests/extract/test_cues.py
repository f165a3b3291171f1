"""What the clause before a list's colon makes of the list."""

from luoshi.extract.cues import list_intro


def test_a_list_introduced_by_what_was_done_or_by_a_meeting_agenda_is_no_list_of_tasks():
    assert list_intro("今年基层党建的一些工作走在了全市前边：") == "done"
    assert list_intro("今天召开市政府全体会议，主要任务是：") == "done"
    assert list_intro("这次会议的主要内容是：") == "done"
    assert list_intro("学校要求各年级开展一系列活动：") == "directs"
    assert list_intro("我主要讲以下二个事情：") is None
    assert list_intro("会议听取了汇报，提出了以下要求：") is None
