"""问题清单 in 我的待办: who is asked to confirm a problem, and who to rectify it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.problems import inbox


def _keys(user, today):
    return {e.key: e for e in inbox.entries(user, today) if e.count}


def test_a_recorded_problem_waits_on_the_head_and_a_confirmed_one_on_the_unit(
    record, confirmed, user, today, client_as
):
    problem = record(title="干部档案审核不严")
    waiting = _keys(user("gb1-head"), today)
    assert waiting["problem-confirm"].rows[0].title == "干部档案审核不严"
    assert "problem-confirm" not in _keys(user("gb1-staff"), today)
    assert "problem-confirm" not in _keys(user("gb2-head"), today), "another section's head"
    page = client_as("gb1-head").get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-problem-confirm"' in page and f"/problems/{problem.pk}/" in page
    rectifying = confirmed(title="整改中的问题", description="年轻干部选拔程序不规范，未按要求公示")
    rows = _keys(user("gb1-staff"), today)["problem-rectify"].rows
    assert [r.title for r in rows] == ["整改中的问题"] and rows[0].url == f"/problems/{rectifying.pk}/"
    assert "problem-rectify" not in _keys(user("gb2-staff"), today)


def test_a_problem_whose_measures_are_done_waits_on_who_may_close_it(
    confirmed, finish, user, today, client_as
):
    problem = confirmed(title="措施已完成的问题")
    measures = list(problem.measures.select_related("task"))
    finish(measures[0].task)
    assert "problem-close" not in _keys(user("deputy1"), today), "a measure is still open"
    finish(measures[1].task)
    for leader in ("deputy1", "head"):  # 干部一科's leader in charge, and the head above every section
        rows = _keys(user(leader), today)["problem-close"].rows
        assert [r.url for r in rows] == [f"/problems/{problem.pk}/"], leader
        assert user(leader).has_perm("problems.close_problem", problem)
    for other in ("gb1-head", "gb1-staff", "deputy2", "gb2-head"):  # its own unit; leaders of others
        assert "problem-close" not in _keys(user(other), today), other
        assert not user(other).has_perm("problems.close_problem", problem), other
    page = client_as("deputy1").get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-problem-close"' in page and f"/problems/{problem.pk}/" in page


def test_the_close_entrys_link_lists_exactly_the_problems_awaiting_close(
    confirmed, finish, user, today, client_as
):
    """全部 N 项 opens the ledger on the problems the entry counts, not on every 整改中 one."""
    ready = confirmed(title="措施均已完成的问题")
    for measure in ready.measures.select_related("task"):
        finish(measure.task)
    confirmed(title="仍在整改的问题", description="年轻干部选拔程序不规范，未按要求公示")
    entry = _keys(user("deputy1"), today)["problem-close"]
    ledger = client_as("deputy1").get(entry.link).content.decode()
    assert "措施均已完成的问题" in ledger and "仍在整改的问题" not in ledger
    assert 'id="close_due" name="close_due" value="true" checked' in ledger
    rest = client_as("deputy1").get("/problems/?close_due=false").content.decode()
    assert "仍在整改的问题" in rest and "措施均已完成的问题" not in rest
    unit = client_as("gb1-head").get(entry.link).content.decode()  # its own unit may not close it
    assert "措施均已完成的问题" not in unit


def test_the_inbox_reads_problems_awaiting_close_in_constant_queries(confirmed, finish, client_as):
    def queries() -> int:
        client = client_as("deputy1")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tasks/inbox/").status_code == 200
        return len(captured)

    def done(title):
        for measure in confirmed(
            title=title, description=f"{title}：干部档案审核不严"
        ).measures.select_related("task"):
            finish(measure.task)

    done("第一个问题")
    few = queries()
    for n in range(3):
        done(f"又一个问题{n}")
    assert queries() == few


def test_the_confirm_and_rectify_links_list_exactly_the_problems_counted(
    record, confirmed, user, today, client_as
):
    """全部 N 项 of 待确认问题 and 待整改问题 opens the ledger on the rows the inbox counted: the 部长 sees
    every section's 整改中 problem, but the department rectifies none of them itself."""
    record(title="登记待确认的问题")
    confirmed(title="干部一科整改中的问题", description="年轻干部选拔程序不规范，未按要求公示")
    for username in ("gb1-head", "gb1-staff", "head", "deputy1", "gb2-head"):
        waiting = _keys(user(username), today)
        client = client_as(username)
        for key, param in (("problem-confirm", "confirm_due"), ("problem-rectify", "rectify_mine")):
            listed = client.get(f"/problems/?{param}=true").content.decode()
            counted = waiting[key].count if key in waiting else 0
            assert listed.count('data-label="灯"') == counted, (username, key)
            if key in waiting:
                assert waiting[key].link == f"/problems/?{param}=true"
                assert f'id="{param}" name="{param}" value="true" checked' in listed
    head = client_as("head")
    assert "干部一科整改中的问题" in head.get("/problems/?status=rectifying").content.decode()
    assert "干部一科整改中的问题" not in head.get("/problems/?rectify_mine=true").content.decode()
    assert "干部一科整改中的问题" in head.get("/problems/?rectify_mine=false").content.decode()
