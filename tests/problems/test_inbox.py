"""问题清单 in 我的待办: who is asked to confirm a problem, and who to rectify it."""

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
