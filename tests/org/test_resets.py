"""A business user's password reset: the system admin proposes, the security admin approves and alone
sees the temporary password, the user sets his own at the next login; every step audited."""

import re

import pytest
from django.test import Client

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.choices import ProposalKind
from luoshi.org.models import Person, RightsProposal

pytestmark = pytest.mark.django_db

TEMPORARY = re.compile(r"Ls-[A-Za-z0-9_-]{12}")


def person(username):
    return Person.objects.select_related("user").get(user__username=username)


def test_the_attack_a_lone_system_admin_never_learns_a_leaders_password(client_as, demo):
    deputy = person("deputy3")
    page = client_as("admin").post(f"/org/manage/people/{deputy.pk}/reset-password/", follow=True)
    text = page.content.decode()
    assert "待安全管理员批准" in text and not TEMPORARY.search(text)
    deputy = person("deputy3")
    assert deputy.user.check_password("luoshi-demo") and not deputy.must_change_password
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET).exists()
    assert (
        Client().post("/accounts/login/", {"username": "deputy3", "password": "luoshi-demo"}).status_code
        == 302
    )  # the leader still signs in with his own password


def proposed(user, username="deputy3"):
    return services.propose_password_reset(person(username), actor=user("admin"))


def test_the_security_admin_approves_sees_the_password_once_and_the_user_sets_his_own(client_as, user, demo):
    proposal = proposed(user)
    secadmin = client_as("secadmin")
    listed = secadmin.get("/org/roles/proposals/").content.decode()
    assert "重置密码" in listed and "deputy3" in listed and not TEMPORARY.search(listed)
    answer = secadmin.post("/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]})
    assert answer.status_code == 200  # the password is in this answer, not in a redirect's message
    shown = TEMPORARY.findall(answer.content.decode())
    assert len(shown) == 1 and "临时密码（仅显示这一次）" in answer.content.decode()
    assert not TEMPORARY.search(secadmin.get("/org/roles/proposals/").content.decode())
    deputy = person("deputy3")
    assert deputy.user.check_password(shown[0]) and deputy.must_change_password

    leader = Client()
    assert leader.post("/accounts/login/", {"username": "deputy3", "password": shown[0]}).status_code == 302
    assert leader.get("/tasks/inbox/")["Location"] == "/accounts/password/"
    assert leader.get("/api/v1/me/").json()["code"] == "password_change_required"
    changed = leader.post(
        "/accounts/password/",
        {"old_password": shown[0], "new_password": "Fen-Guan-2026x", "new_password_again": "Fen-Guan-2026x"},
    )
    assert changed.status_code == 302
    assert leader.get("/api/v1/me/").json()["username"] == "deputy3"


def test_every_step_is_in_the_audit_log(client_as, user, demo):
    proposal = proposed(user)
    assert SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_PROPOSED).actor.username == "admin"
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    reset = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET)
    assert (reset.actor.username, reset.username, reset.detail_text) == (
        "secadmin",
        "deputy3",
        "提议人：admin",
    )
    refused = proposed(user, "gb1-staff")
    services.refuse_proposals([refused.pk], actor=user("secadmin"))
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_REFUSED)
    assert (event.actor.username, event.username) == ("secadmin", "gb1-staff")
    page = client_as("auditor").get("/accounts/audit/").content.decode()
    assert "提议重置密码" in page and "驳回密码重置" in page


def test_a_refused_reset_leaves_the_password_as_it_was(user, demo):
    services.refuse_proposals([proposed(user).pk], actor=user("secadmin"))
    deputy = person("deputy3")
    assert deputy.user.check_password("luoshi-demo") and not deputy.must_change_password
    assert RightsProposal.objects.get(kind=ProposalKind.RESET).status == "refused"


@pytest.mark.parametrize("username", ["admin", "auditor", "head", "deputy3"])
def test_nobody_but_the_security_admin_approves_a_reset(user, demo, username):
    proposal = proposed(user)
    with pytest.raises(Forbidden):
        services.approve_proposals([proposal.pk], actor=user(username))
    assert person("deputy3").user.check_password("luoshi-demo")


@pytest.mark.parametrize("username", ["secadmin", "auditor", "head", "gb1-head"])
def test_only_the_system_admin_proposes_a_reset(user, demo, username):
    with pytest.raises(Forbidden):
        services.propose_password_reset(person("gb1-staff"), actor=user(username))
    assert not RightsProposal.objects.filter(kind=ProposalKind.RESET).exists()


def test_the_proposer_never_approves_his_own_reset(user, demo):
    """Were the system admin also given the security admin's right, his own reset would still wait."""
    proposal = proposed(user)
    RightsProposal.objects.filter(pk=proposal.pk).update(proposed_by=user("secadmin"))
    with pytest.raises(Forbidden, match="不能审批自己提出的"):
        services.approve_proposals([proposal.pk], actor=user("secadmin"))


def test_a_reset_asked_twice_waits_once(user, demo):
    assert proposed(user).pk == proposed(user).pk
    assert RightsProposal.objects.filter(kind=ProposalKind.RESET).count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET_PROPOSED).count() == 1


@pytest.mark.parametrize("target", ["secadmin", "auditor", "admin"])
def test_the_system_admin_never_resets_an_admin_password(user, demo, target):
    with pytest.raises(Forbidden) as exc:
        services.propose_password_reset(person(target), actor=user("admin"))
    assert exc.value.message.startswith("管理员账号的密码不能由系统管理员重置")
    assert person(target).user.check_password("luoshi-demo") and not person(target).must_change_password


def test_an_account_that_became_an_administrators_is_not_reset(user, demo):
    proposal = proposed(user, "gb1-staff")
    services.set_rights(
        person("gb1-staff"), actor=user("secadmin"), admin_role="audit", roles=[], oversight=[]
    )
    with pytest.raises(InvalidInput, match="现为管理员账号"):
        services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert not SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_RESET, target="gb1-staff"
    ).exists()


def test_a_business_reset_ends_every_session_and_token(user, demo, client_as):
    from knox.models import AuthToken

    from luoshi.accounts.services import issue_token

    browser = client_as("gb1-staff")
    issue_token(user("gb1-staff"))
    proposal = proposed(user, "gb1-staff")
    assert browser.get("/tasks/inbox/").status_code == 200  # nothing ends before the approval
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert browser.get("/tasks/inbox/").status_code == 302
    assert not AuthToken.objects.filter(user__username="gb1-staff").exists()


def test_the_person_page_says_the_reset_waits(client_as, user, demo):
    deputy = person("deputy3")
    proposed(user)
    page = client_as("admin").get(f"/org/people/{deputy.pk}/").content.decode()
    assert "密码重置待安全管理员批准" in page and 'action="/org/manage/people/' not in page
    assert "待安全管理员批准" not in client_as("deputy3").get(f"/org/people/{deputy.pk}/").content.decode()


def test_the_attack_the_system_admin_never_knows_a_new_accounts_first_password(client_as, user, demo):
    from luoshi.org.models import Unit

    admin = client_as("admin")
    form = admin.get("/org/manage/people/add/").content.decode()
    assert "初始密码" not in form and 'type="password"' not in form
    chosen = "Chosen-by-admin-1"
    data = {
        "username": "newhire",
        "name": "新干部",
        "unit": Unit.objects.get(code="gb1").pk,
        "password": chosen,
    }
    saved = admin.post("/org/manage/people/add/", data, follow=True).content.decode()
    assert "初始密码由安全管理员在授权审批中发放" in saved and not TEMPORARY.search(saved)
    assert "新账号的初始密码待安全管理员批准" in saved and "在此之前该账号无法登录" in saved
    hire = person("newhire")
    assert not hire.user.has_usable_password() and not hire.user.check_password(chosen)
    assert Client().post("/accounts/login/", {"username": "newhire", "password": chosen}).status_code == 200
    proposal = RightsProposal.objects.get(person=hire, kind=ProposalKind.RESET, status="pending")
    assert proposal.proposed_by.username == "admin"

    secadmin = client_as("secadmin")
    listed = secadmin.get("/org/roles/proposals/").content.decode()
    assert "新账号初始密码" in listed and "newhire" in listed and not TEMPORARY.search(listed)
    answer = secadmin.post(
        "/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]}
    ).content.decode()
    shown = TEMPORARY.findall(answer)
    assert len(shown) == 1 and person("newhire").user.check_password(shown[0])
    for page in ("/org/manage/", f"/org/manage/people/{hire.pk}/", f"/org/people/{hire.pk}/"):
        assert shown[0] not in admin.get(page).content.decode()
    hire_client = Client()
    assert (
        hire_client.post("/accounts/login/", {"username": "newhire", "password": shown[0]}).status_code == 302
    )
    assert hire_client.get("/tasks/inbox/")["Location"] == "/accounts/password/"


def test_a_new_business_account_has_no_password_but_its_creators_proposal(user, demo):
    hire = services.create_person(actor=user("admin"), username="newhire", name="新干部", password=None)
    assert not hire.user.has_usable_password() and hire.must_change_password
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_PROPOSED, target="newhire")
    assert event.actor.username == "admin"
    with pytest.raises(InvalidInput, match="createadmin"):
        services.create_person(
            actor=user("admin"), username="newadmin", name="新管理员", password=None, admin_role="audit"
        )
    assert not Person.objects.filter(user__username="newadmin").exists()


def test_the_approvals_history_tells_a_first_password_from_a_reset(client_as, user, demo):
    from luoshi.org.models import Unit

    data = {"username": "newhire", "name": "新干部", "unit": Unit.objects.get(code="gb1").pk}
    client_as("admin").post("/org/manage/people/add/", data)
    first = RightsProposal.objects.get(person=person("newhire"), kind=ProposalKind.RESET)
    reset = proposed(user)
    assert (first.first_password, reset.first_password) == (True, False)
    secadmin = client_as("secadmin")
    secadmin.post("/org/roles/proposals/", {"action": "approve", "ids": [first.pk, reset.pk]})
    page = secadmin.get("/org/roles/proposals/").content.decode()
    history = page[page.index("最近的审批") :]
    rows = {
        name: re.search(rf"{name}</td><td[^>]*>([^<]*)<", history).group(1)
        for name in ("新干部", person("deputy3").name)
    }
    assert rows == {"新干部": "发放初始密码（新账号）", person("deputy3").name: "重置登录密码"}
