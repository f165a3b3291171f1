"""A business user's password set by administrators (a reset, a new account's first password): the
system admin proposes and is shown its first half, the security admin approves and is shown its second,
neither alone signs in with what he saw, the user sets his own at the next login; every step audited,
never a half."""

import re

import pytest
from django.test import Client

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.choices import ProposalKind
from luoshi.org.models import Person, RightsProposal, Unit
from luoshi.org.services.resets import draw_half, pending_reset

pytestmark = pytest.mark.django_db

HALF = re.compile(r'class="fs-6 user-select-all ls-half">([A-Za-z0-9]{8})<')


def person(username):
    return Person.objects.select_related("user").get(user__username=username)


def signs_in(username, password):
    return Client().post("/accounts/login/", {"username": username, "password": password}).status_code == 302


def halves_on(page):
    return HALF.findall(page.content.decode())


def test_a_half_is_eight_characters_of_three_classes_without_look_alikes():
    for half in (draw_half() for _ in range(200)):
        assert len(half) == 8 and not set(half) & set("0O1lI")
        assert re.search("[A-Z]", half) and re.search("[a-z]", half) and re.search("[0-9]", half)


def test_the_attack_neither_administrator_alone_signs_in_as_a_leader_whose_password_was_reset(client_as):
    deputy = person("deputy3")
    page = client_as("admin").post(f"/org/manage/people/{deputy.pk}/reset-password/", follow=True)
    text = page.content.decode()
    assert page.redirect_chain == [(f"/org/manage/people/{deputy.pk}/password-half/", 302)]
    assert "新密码前半段（请单独告知本人）" in text and "后半段由安全管理员在审批后告知本人" in text
    assert "在此之前原密码仍然有效" in text
    [first] = halves_on(page)
    assert signs_in("deputy3", "luoshi-demo") and not signs_in("deputy3", first)
    assert not person("deputy3").must_change_password

    secadmin = client_as("secadmin")
    listed = secadmin.get("/org/roles/proposals/").content.decode()
    assert "重置登录密码（前半段已交提出人）" in listed and first not in listed
    proposal = pending_reset(deputy)
    answer = secadmin.post("/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]})
    assert "密码后半段（请单独告知本人）" in answer.content.decode() and first not in answer.content.decode()
    [second] = halves_on(answer)
    assert not halves_on(secadmin.get("/org/roles/proposals/"))  # shown once
    for alone in (first, second, "luoshi-demo"):  # five failures would lock the account
        assert not signs_in("deputy3", alone)
    assert person("deputy3").must_change_password

    leader = Client()
    whole = first + second
    assert leader.post("/accounts/login/", {"username": "deputy3", "password": whole}).status_code == 302
    assert leader.get("/tasks/inbox/")["Location"] == "/accounts/password/"
    assert leader.get("/api/v1/me/").json()["code"] == "password_change_required"
    changed = leader.post(
        "/accounts/password/",
        {"old_password": whole, "new_password": "Fen-Guan-2026x", "new_password_again": "Fen-Guan-2026x"},
    )
    assert changed.status_code == 302
    assert leader.get("/api/v1/me/").json()["username"] == "deputy3"


def test_the_attack_neither_administrator_alone_signs_in_as_a_new_hire(client_as):
    admin = client_as("admin")
    form = admin.get("/org/manage/people/add/").content.decode()
    assert 'type="password"' not in form
    chosen = "Chosen-by-admin-1"
    data = {
        "username": "newhire",
        "name": "新干部",
        "unit": Unit.objects.get(code="gb1").pk,
        "password": chosen,
    }
    saved = admin.post("/org/manage/people/add/", data, follow=True)
    text = saved.content.decode()
    assert "初始密码前半段（请单独告知本人）" in text
    assert "后半段由安全管理员在审批后告知本人" in text and "在此之前该账号无法登录" in text
    [first] = halves_on(saved)
    hire = person("newhire")
    assert not hire.user.has_usable_password()
    assert not signs_in("newhire", chosen) and not signs_in("newhire", first)
    proposal = RightsProposal.objects.get(person=hire, kind=ProposalKind.RESET, status="pending")
    assert proposal.proposed_by.username == "admin" and proposal.first_password

    secadmin = client_as("secadmin")
    listed = secadmin.get("/org/roles/proposals/").content.decode()
    assert "新账号初始密码" in listed and "newhire" in listed and first not in listed
    answer = secadmin.post("/org/roles/proposals/", {"action": "approve", "ids": [proposal.pk]})
    [second] = halves_on(answer)
    assert first not in answer.content.decode()
    for page in ("/org/manage/", f"/org/manage/people/{hire.pk}/", f"/org/people/{hire.pk}/"):
        assert second not in admin.get(page).content.decode()
    assert not signs_in("newhire", first) and not signs_in("newhire", second)
    hire_client = Client()
    assert (
        hire_client.post("/accounts/login/", {"username": "newhire", "password": first + second}).status_code
        == 302
    )
    assert hire_client.get("/tasks/inbox/")["Location"] == "/accounts/password/"


def test_the_first_half_waits_in_the_proposal_only_until_the_decision(user):
    approved = services.propose_password_reset(person("deputy3"), actor=user("admin"))
    refused = services.propose_password_reset(person("gb1-staff"), actor=user("admin"))
    assert pending_reset(person("deputy3")).password_half == approved.half
    services.approve_proposals([pending_reset(person("deputy3")).pk], actor=user("secadmin"))
    services.refuse_proposals([pending_reset(person("gb1-staff")).pk], actor=user("secadmin"))
    assert set(
        RightsProposal.objects.filter(kind=ProposalKind.RESET).values_list("password_half", flat=True)
    ) == {""}
    assert person("gb1-staff").user.check_password("luoshi-demo") and not signs_in("gb1-staff", refused.half)
    again = services.propose_password_reset(person("gb1-staff"), actor=user("admin"))
    assert again.half != refused.half  # a refused proposal's half is gone; a new one draws another


def test_a_reset_waiting_without_its_first_half_is_refused_not_approved(user):
    """A reset proposed before the halves carries none: approving it would set a password the security
    admin alone knows, so it is refused with a Chinese note until it is proposed again."""
    services.propose_password_reset(person("deputy3"), actor=user("admin"))
    RightsProposal.objects.filter(kind=ProposalKind.RESET).update(password_half="")
    with pytest.raises(InvalidInput, match="没有前半段"):
        services.approve_proposals([pending_reset(person("deputy3")).pk], actor=user("secadmin"))
    assert person("deputy3").user.check_password("luoshi-demo")
    services.refuse_proposals([pending_reset(person("deputy3")).pk], actor=user("secadmin"))


def proposed(user, username="deputy3"):
    services.propose_password_reset(person(username), actor=user("admin"))
    return pending_reset(person(username))


def test_every_step_is_in_the_audit_log_never_a_half(client_as, user, demo):
    first = services.propose_password_reset(person("deputy3"), actor=user("admin"))
    proposal = pending_reset(person("deputy3"))
    assert SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_PROPOSED).actor.username == "admin"
    [second] = services.approve_proposals([proposal.pk], actor=user("secadmin")).halves
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
    assert first.half not in page and second.half not in page
    logged = [str(values) for values in SecurityEvent.objects.values_list("target", "detail")]
    assert not [row for row in logged if first.half in row or second.half in row]


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


def test_a_reset_asked_twice_waits_once_and_shows_its_half_once(user, demo, client_as):
    assert proposed(user).pk == proposed(user).pk
    assert services.propose_password_reset(person("deputy3"), actor=user("admin")) is None
    again = client_as("admin").post(f"/org/manage/people/{person('deputy3').pk}/reset-password/", follow=True)
    assert "已在等待安全管理员批准，前半段已在提出时显示" in again.content.decode() and not halves_on(again)
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


def test_a_new_business_account_has_no_password_but_its_creators_proposal(user, demo):
    account = services.create_account(actor=user("admin"), username="newhire", name="新干部")
    hire = person("newhire")
    assert not hire.user.has_usable_password() and hire.must_change_password
    assert (account.half.username, pending_reset(hire).password_half) == ("newhire", account.half.half)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_PROPOSED, target="newhire")
    assert event.actor.username == "admin"
    with pytest.raises(InvalidInput, match="createadmin"):
        services.create_person(
            actor=user("admin"), username="newadmin", name="新管理员", password=None, admin_role="audit"
        )
    assert not Person.objects.filter(user__username="newadmin").exists()


def test_the_approvals_history_tells_a_first_password_from_a_reset(client_as, user, demo):
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


def test_the_form_redirects_to_its_half_and_a_refresh_shows_it_no_more(client_as):
    """Post/redirect/get: a refresh of the answer sends no form again, and the half is shown once."""
    admin = client_as("admin")
    data = {"username": "newhire", "name": "新干部", "unit": Unit.objects.get(code="gb1").pk}
    saved = admin.post("/org/manage/people/add/", data)
    hire = person("newhire")
    assert saved.status_code == 302 and saved["Location"] == f"/org/manage/people/{hire.pk}/password-half/"
    [first] = halves_on(admin.get(saved["Location"]))
    assert first == pending_reset(hire).password_half
    again = admin.get(saved["Location"])
    assert again.status_code == 302 and again["Location"] == f"/org/people/{hire.pk}/"
    assert first not in admin.get(again["Location"]).content.decode()
    reset = admin.post(f"/org/manage/people/{person('deputy3').pk}/reset-password/")
    assert reset.status_code == 302 and reset["Location"].endswith("/password-half/")
    assert admin.get(f"/org/manage/people/{hire.pk}/password-half/").status_code == 302  # not his half
    assert len(halves_on(admin.get(reset["Location"]))) == 1
