"""逾期问责台账 pages: the ledger by status, a matter's page with the unit's form and the leader's, and
refusals that keep what was typed and change nothing."""

from django.test import Client

from luoshi.assessment.choices import Sanction
from luoshi.assessment.models import Accountability, Adjustment

BUTTON = '<summary class="btn btn-sm btn-outline-primary">'


def client(person):
    made = Client()
    made.force_login(person.user)
    return made


def test_the_ledger_lists_matters_by_status(org, matter):
    page = client(org.deputy).get("/assessment/accountability/").content.decode()
    assert "逾期的调研" in page and "待说明原因 1" in page and "逾期5天" in page
    page = client(org.deputy).get("/assessment/accountability/?status=decided").content.decode()
    assert "没有逾期事项" in page
    assert "逾期的调研" not in client(org.heads["b"]).get("/assessment/accountability/").content.decode()


def test_the_unit_explains_on_the_page(org, matter):
    section = client(org.heads["a"])
    page = section.get(f"/assessment/accountability/{matter.pk}/").content.decode()
    assert "说明逾期原因" in page and "decide/" not in page
    # the toggle is a button in the theme's red, as on the 督查 pages, not Bootstrap's blue text
    assert f"{BUTTON}说明逾期原因</summary>" in page and "text-primary" not in page
    empty = section.post(f"/assessment/accountability/{matter.pk}/explain/", {"reason": "  "})
    assert empty.status_code == 400 and "请填写逾期原因" in empty.content.decode()
    done = section.post(f"/assessment/accountability/{matter.pk}/explain/", {"reason": "人手不足"})
    assert done.status_code == 302
    matter.refresh_from_db()
    assert matter.reason == "人手不足" and matter.reason_by == org.heads["a"]


def test_the_leader_decides_a_deduction_on_the_page(org, matter, current):
    deputy = client(org.deputy)
    page = deputy.get(f"/assessment/accountability/{matter.pk}/").content.decode()
    assert "作出决定" in page and f'<option value="{current.pk}" selected>' in page
    bad = deputy.post(
        f"/assessment/accountability/{matter.pk}/decide/",
        {"decision": Sanction.DEDUCT, "period": current.pk, "points": "50", "note": "严重影响全局"},
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "不超过10" in body and "严重影响全局" in body
    assert not Adjustment.objects.exists()
    done = deputy.post(
        f"/assessment/accountability/{matter.pk}/decide/",
        {"decision": Sanction.DEDUCT, "period": current.pk, "points": "2", "note": "严重影响全局"},
    )
    assert done.status_code == 302
    matter = Accountability.objects.get()
    assert matter.decision == Sanction.DEDUCT and matter.adjustment.points == 2
    again = deputy.post(
        f"/assessment/accountability/{matter.pk}/decide/", {"decision": Sanction.TALK, "period": ""}
    )
    assert again.status_code == 409 and "不能再次决定" in again.content.decode()
    assert Adjustment.objects.count() == 1


def test_the_score_page_shows_the_units_matters(org, matter, current):
    from luoshi.assessment import services

    services.decide_overdue(matter, actor=org.deputy.user, decision=Sanction.CRITICIZE, period=current)
    services.compute_period(current, actor=org.head.user)
    score = current.scores.get(unit=org.sections["a"])
    page = client(org.heads["a"]).get(f"/assessment/scores/{score.pk}/").content.decode()
    assert "逾期问责" in page and "通报批评" in page and "逾期的调研" in page
