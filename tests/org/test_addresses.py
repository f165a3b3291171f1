"""Where notifications go, a group robot's webhook address or another user's e-mail: the system admin
proposes it, the security admin approves it, and until then nothing goes to the new address; every step
audited."""

import pytest

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.core.errors import Conflict, Forbidden
from luoshi.notify.models import Notification, Robot
from luoshi.notify.services import queue_deliveries, save_robot
from luoshi.org import services
from luoshi.org.choices import ProposalKind, ProposalStatus
from luoshi.org.models import Person, RightsProposal

pytestmark = pytest.mark.django_db

OURS = "https://oapi.dingtalk.com/robot/send?access_token=ours"
THEIRS = "https://evil.example/hook?access_token=theirs"


def robot_at(url: str) -> Robot:
    return Robot.objects.create(name="一科群", channel="dingtalk", url=url)


def sent_to(user) -> list[str]:
    """The robot addresses a new notification is queued for."""
    note = Notification.objects.create(recipient=user("deputy3"), kind="assigned", title="任务甲")
    return sorted(m.robot.url for m in queue_deliveries([note]) if m.robot)


def test_the_attack_a_new_robot_receives_nothing_until_approved(user):
    robot = Robot(name="我的群", channel="wecom", url=THEIRS)
    proposal = save_robot(actor=user("admin"), robot=robot)
    assert proposal is not None and proposal.kind == ProposalKind.ROBOT
    assert Robot.objects.get().url == "" and sent_to(user) == []
    assert proposal.change_text == f"Webhook地址：（新建） → {THEIRS}"
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.ROBOT_URL_PROPOSED)
    assert [e.detail["after"] for e in events] == ["https://evil.example/hook"]  # no access token


def test_the_attack_a_robot_keeps_its_address_until_approved(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    proposal = save_robot(actor=user("admin"), robot=robot)
    assert proposal is not None and proposal.old_address == OURS
    assert Robot.objects.get().url == OURS and sent_to(user) == [OURS]


def test_the_security_admin_approves_and_the_address_takes_effect(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    proposal = save_robot(actor=user("admin"), robot=robot)
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert Robot.objects.get().url == THEIRS
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    changed = SecurityEvent.objects.get(kind=SecurityEventKind.ROBOT_URL_CHANGED)
    assert changed.detail["proposed_by"] == "admin"


def test_refusing_changes_nothing(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    proposal = save_robot(actor=user("admin"), robot=robot)
    services.refuse_proposals([proposal.pk], actor=user("secadmin"))
    assert Robot.objects.get().url == OURS
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROBOT_URL_REFUSED).exists()


def test_a_second_address_while_one_waits_is_refused_and_the_same_one_is_the_waiting_one(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    first = save_robot(actor=user("admin"), robot=robot)
    robot.url = THEIRS
    assert save_robot(actor=user("admin"), robot=robot) == first
    robot.url = "https://other.example/hook"
    with pytest.raises(Conflict, match="Webhook地址已有一条待安全管理员审批的地址"):
        save_robot(actor=user("admin"), robot=robot)
    assert RightsProposal.objects.filter(robot=robot).count() == 1


def test_other_fields_change_at_once_without_a_proposal(user):
    robot = robot_at(OURS)
    robot.name, robot.is_active = "二科群", False
    assert save_robot(actor=user("admin"), robot=robot) is None
    assert Robot.objects.get().name == "二科群" and not RightsProposal.objects.exists()


def test_nobody_approves_his_own_proposal(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    proposal = save_robot(actor=user("admin"), robot=robot)
    RightsProposal.objects.filter(pk=proposal.pk).update(proposed_by=user("secadmin"))
    with pytest.raises(Forbidden, match="不能审批自己提出的"):
        services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert Robot.objects.get().url == OURS


def test_an_outdated_proposal_is_not_approved(user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    proposal = save_robot(actor=user("admin"), robot=robot)
    Robot.objects.update(url="https://changed.example/hook")
    with pytest.raises(Conflict, match="已过时"):
        services.approve_proposals([proposal.pk], actor=user("secadmin"))


def test_the_security_admins_page_shows_old_and_new(client_as, user):
    robot = robot_at(OURS)
    robot.url = THEIRS
    save_robot(actor=user("admin"), robot=robot)
    page = client_as("secadmin").get("/org/roles/proposals/").content.decode()
    assert "群机器人地址" in page and "一科群" in page and "evil.example" in page


def edit_email(user, email: str, *, actor: str = "admin", username: str = "deputy3") -> Person:
    person = Person.objects.select_related("user").get(user__username=username)
    services.update_person(person, actor=user(actor), name=person.name, unit=person.unit, email=email)
    return Person.objects.select_related("user").get(pk=person.pk)


def test_the_attack_a_leaders_email_stays_until_approved(user):
    person = edit_email(user, "mine@evil.example")
    assert person.user.email == ""
    proposal = services.pending_address(person=person)
    assert proposal is not None and proposal.kind == ProposalKind.EMAIL
    assert proposal.change_text == "电子邮箱：（无） → mine@evil.example"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_PROPOSED, username="admin").exists()
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert Person.objects.get(pk=person.pk).user.email == "mine@evil.example"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_CHANGED).exists()


def test_a_refused_email_changes_nothing_and_a_second_one_waits_for_the_first(user):
    person = edit_email(user, "a@org.cn")
    with pytest.raises(Conflict, match="电子邮箱已有一条待安全管理员审批的地址"):
        edit_email(user, "b@org.cn")
    proposal = services.pending_address(person=person)
    assert proposal is not None
    services.refuse_proposals([proposal.pk], actor=user("secadmin"))
    assert Person.objects.get(pk=person.pk).user.email == ""
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_REFUSED).exists()


def test_ones_own_email_changes_at_once(user):
    person = edit_email(user, "me@org.cn", actor="admin", username="admin")
    assert person.user.email == "me@org.cn" and not RightsProposal.objects.exists()


def test_the_attack_a_new_accounts_email_waits_for_the_security_admin(user, client_as):
    """A new account's address is the system admin's choice as much as a changed one: it reaches nobody's
    notifications until the security admin, who sees it on 授权审批 beside the account's first role,
    approves it."""
    person = services.create_person(
        actor=user("admin"),
        username="newbie",
        name="新干部",
        password="Zx-8a7b6c5d",
        email="mine@evil.example",
    )
    assert Person.objects.get(pk=person.pk).user.email == ""
    proposal = services.pending_address(person=person)
    assert proposal is not None and proposal.change_text == "电子邮箱：（无） → mine@evil.example"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_PROPOSED, username="admin").exists()
    page = client_as("secadmin").get("/org/roles/proposals/").content.decode()
    assert "新干部" in page and "mine@evil.example" in page
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert Person.objects.get(pk=person.pk).user.email == "mine@evil.example"
