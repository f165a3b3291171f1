"""A unit's place in the tree is authority: the system admin proposes a move, the security admin decides it,
the auditor reads both; a parent that makes no organisation is refused outright."""

import pytest

from luoshi.accounts.models import SecurityEvent, SecurityEventKind
from luoshi.accounts.services import issue_token
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.org import services
from luoshi.org.choices import ProposalKind, UnitKind
from luoshi.org.models import Person, RightsProposal, Unit
from luoshi.org.scopes import APPROVE, VIEW, own_unit_ids, unit_scope

pytestmark = pytest.mark.django_db


def unit(code):
    return Unit.objects.get(code=code)


@pytest.fixture
def bureau(user, demo):
    """A 部机关-kind unit under the department, under which a section may sit."""
    return services.create_unit(
        actor=user("admin"), code="gbc", name="干部工作处", kind=UnitKind.DEPARTMENT, parent=unit("swzzb")
    )


def test_a_move_by_the_system_admin_waits_for_the_security_admin(user, bureau):
    gb1, root = unit("gb1"), unit("swzzb")
    services.update_unit(gb1, actor=user("admin"), parent=bureau, duties="干部调配")
    gb1 = unit("gb1")
    assert gb1.parent_id == root.pk and gb1.duties == "干部调配"  # its own facts at once, not its place
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE, status="pending")
    assert (proposal.unit, proposal.old_parent, proposal.new_parent) == (gb1, root, bureau)
    assert proposal.what == "干部一科的上级单位：江城市委组织部 → 干部工作处"
    assert SecurityEvent.objects.get(kind=SecurityEventKind.UNIT_MOVE_PROPOSED).username == "admin"

    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    gb1 = unit("gb1")
    assert gb1.parent_id == bureau.pk and gb1.tree_path.startswith(unit("gbc").tree_path)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.UNIT_MOVED)
    assert event.username == "secadmin"
    assert event.detail_text == "江城市委组织部 → 干部工作处；提议人：admin"
    assert gb1.history.first().history_user.username == "secadmin"


def test_the_attack_a_section_under_another_section_is_refused_and_nothing_changes(user, demo):
    gb1, bgs = unit("gb1"), unit("bgs")
    before = (gb1.parent_id, gb1.tree_path, gb1.name)
    with pytest.raises(InvalidInput) as refused:
        services.update_unit(gb1, actor=user("admin"), parent=bgs, name="改名的一科")
    assert refused.value.code == "section_parent"
    assert refused.value.message == "“办公室”是科室，科室下不能再设单位：上级单位请选部机关或下级组织部"
    gb1 = unit("gb1")
    assert (gb1.parent_id, gb1.tree_path, gb1.name) == before
    assert not RightsProposal.objects.filter(kind=ProposalKind.MOVE).exists()
    head = user("bgs-head")
    assert gb1.pk not in unit_scope(head, VIEW) and gb1.pk not in unit_scope(head, APPROVE)


def test_a_new_unit_is_never_put_under_a_section(user, demo):
    with pytest.raises(InvalidInput, match="科室下不能再设单位"):
        services.create_unit(
            actor=user("admin"), code="gb1a", name="一科一组", kind="section", parent=unit("gb1")
        )
    assert not Unit.objects.filter(code="gb1a").exists()


def test_a_unit_with_units_under_it_does_not_become_a_section(user, bureau):
    services.create_unit(
        actor=user("admin"), code="gbc1", name="干部工作处一科", kind="section", parent=bureau
    )
    with pytest.raises(InvalidInput, match="下设有单位，不能改为科室"):
        services.update_unit(bureau, actor=user("admin"), kind=UnitKind.SECTION)
    assert unit("gbc").kind == UnitKind.DEPARTMENT


def test_a_unit_is_never_moved_under_itself_or_below_it(user, bureau):
    below = services.create_unit(
        actor=user("admin"), code="gbc2", name="干部工作处分处", kind=UnitKind.DEPARTMENT, parent=bureau
    )
    for parent in (below, bureau):
        with pytest.raises(InvalidInput, match="上级单位不能是本单位或其下级单位"):
            services.update_unit(bureau, actor=user("admin"), parent=parent)
    assert not RightsProposal.objects.filter(kind=ProposalKind.MOVE).exists()


def test_the_move_refused_leaves_the_unit_where_it_was_and_the_auditor_reads_it(user, client_as, bureau):
    gb1 = unit("gb1")
    services.update_unit(gb1, actor=user("admin"), parent=bureau)
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE)
    services.refuse_proposals([proposal.pk], actor=user("secadmin"))
    assert unit("gb1").parent_id == unit("swzzb").pk
    page = client_as("auditor").get("/accounts/audit/").content.decode()
    assert "提议调整单位隶属" in page and "驳回单位隶属调整" in page


@pytest.mark.parametrize("username", ["admin", "auditor", "head"])
def test_nobody_but_the_security_admin_approves_a_move(user, bureau, username):
    services.update_unit(unit("gb1"), actor=user("admin"), parent=bureau)
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE)
    with pytest.raises(Forbidden):
        services.approve_proposals([proposal.pk], actor=user(username))
    assert unit("gb1").parent_id == unit("swzzb").pk


def test_the_security_admin_cannot_propose_a_move(user, bureau):
    with pytest.raises(Forbidden):
        services.update_unit(unit("gb1"), actor=user("secadmin"), parent=bureau)
    assert not RightsProposal.objects.filter(kind=ProposalKind.MOVE).exists()


def test_one_move_waits_at_a_time_and_the_same_one_sent_twice_is_one(user, bureau):
    admin = user("admin")
    services.update_unit(unit("gb1"), actor=admin, parent=bureau)
    services.update_unit(unit("gb1"), actor=admin, parent=bureau)
    assert RightsProposal.objects.filter(kind=ProposalKind.MOVE).count() == 1
    with pytest.raises(Conflict, match="已有一条待安全管理员审批的单位调整"):
        services.update_unit(unit("gb1"), actor=admin, parent=unit("jcq"))


def test_a_move_that_went_stale_is_not_applied(user, bureau):
    admin, secadmin = user("admin"), user("secadmin")
    services.update_unit(unit("gb1"), actor=admin, parent=bureau)
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE)
    services.update_unit(bureau, actor=admin, is_active=False)  # its target is no longer in use
    with pytest.raises(InvalidInput, match="已停用，不能作上级单位"):
        services.approve_proposals([proposal.pk], actor=secadmin)
    assert unit("gb1").parent_id == unit("swzzb").pk


def test_the_import_proposes_a_move_of_an_existing_unit_and_creates_new_units_in_place(user, bureau):
    from tests.core.ledgers import upload
    from tests.org.test_imports import workbook

    data = workbook(
        units=[
            ["gb1", "干部一科", "", "", "科室", "gbc", 2],
            ["gbc9", "干部工作处九科", "", "", "科室", "gbc", 9],
        ]
    )
    result = services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx"))
    assert (result.units_created, result.units_updated, result.moves) == (1, 1, 1)
    assert unit("gb1").parent_id == unit("swzzb").pk and unit("gbc9").parent_id == bureau.pk
    assert RightsProposal.objects.get(kind=ProposalKind.MOVE).new_parent_id == bureau.pk


def test_the_attack_a_county_made_a_department_waits_and_its_head_runs_no_assessment(user, demo):
    """A unit's type is authority too: the 部长 of a 部机关 runs the department's assessment."""
    jcq = unit("jcq")
    services.update_unit(jcq, actor=user("admin"), kind=UnitKind.DEPARTMENT)
    assert unit("jcq").kind == UnitKind.SUBORDINATE
    assert not user("jcq-head").has_perm("assessment.manage")
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE, status="pending")
    assert proposal.what == "江城区的类型：下级组织部 → 部机关"
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert unit("jcq").kind == UnitKind.DEPARTMENT and user("jcq-head").has_perm("assessment.manage")


def test_a_type_change_is_audited_at_each_step_and_a_refusal_keeps_the_type(user, demo):
    gb1 = unit("gb1")
    services.update_unit(gb1, actor=user("admin"), kind=UnitKind.SUBORDINATE)
    proposed = SecurityEvent.objects.get(kind=SecurityEventKind.UNIT_KIND_PROPOSED)
    assert (proposed.username, proposed.target, proposed.detail_text) == (
        "admin",
        "干部一科",
        "科室 → 下级组织部",
    )
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.UNIT_MOVE_PROPOSED).exists()
    services.refuse_proposals([RightsProposal.objects.get(kind=ProposalKind.MOVE).pk], actor=user("secadmin"))
    assert unit("gb1").kind == UnitKind.SECTION
    refused = SecurityEvent.objects.get(kind=SecurityEventKind.UNIT_KIND_REFUSED)
    assert (refused.username, refused.detail_text) == ("secadmin", "科室 → 下级组织部；提议人：admin")


def test_a_move_and_a_new_type_are_one_proposal_approved_together(user, bureau):
    jcq = unit("jcq")
    services.update_unit(jcq, actor=user("admin"), parent=bureau, kind=UnitKind.DEPARTMENT)
    proposal = RightsProposal.objects.get(kind=ProposalKind.MOVE)
    assert proposal.change_text == "上级单位：江城市委组织部 → 干部工作处；类型：下级组织部 → 部机关"
    with pytest.raises(Conflict, match="已有一条待安全管理员审批的单位调整"):
        services.update_unit(unit("jcq"), actor=user("admin"), kind=UnitKind.SECTION)
    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    jcq = unit("jcq")
    assert (jcq.parent_id, jcq.kind) == (bureau.pk, UnitKind.DEPARTMENT)
    assert {e.kind for e in SecurityEvent.objects.filter(username="secadmin")} >= {
        SecurityEventKind.UNIT_MOVED,
        SecurityEventKind.UNIT_KIND_CHANGED,
    }
    assert jcq.history.first().history_change_reason == "安全管理员批准admin提议的单位调整"


def test_an_unknown_type_is_refused_and_nothing_changes(user, demo):
    with pytest.raises(InvalidInput, match="未知的单位类型"):
        services.update_unit(unit("gb1"), actor=user("admin"), kind="bureau", name="改名的一科")
    assert (unit("gb1").kind, unit("gb1").name) == (UnitKind.SECTION, "干部一科")
    assert not RightsProposal.objects.exists()


def test_the_import_proposes_a_new_type_of_an_existing_unit(user, demo):
    from tests.core.ledgers import upload
    from tests.org.test_imports import workbook

    result = services.import_org(
        actor=user("admin"),
        upload=upload(
            workbook(units=[["jcq", "江城区委组织部", "", "", "部机关", "swzzb", 1]]), "组织架构.xlsx"
        ),
    )
    assert result.moves == 1 and unit("jcq").kind == UnitKind.SUBORDINATE
    assert RightsProposal.objects.get(kind=ProposalKind.MOVE).change_text == "类型：下级组织部 → 部机关"


def test_a_new_unit_of_any_type_gives_nobody_authority(user, demo):
    """Created in place with its type: the type counts through the roles held in the unit, and it has none."""
    services.create_unit(
        actor=user("admin"),
        code="jcq-jg",
        name="江城区委组织部机关",
        kind=UnitKind.DEPARTMENT,
        parent=unit("jcq"),
    )
    assert not RightsProposal.objects.exists()
    assert not user("jcq-head").has_perm("assessment.manage")


def move_home(user, code: str | None, *, actor: str = "admin", username: str = "gb1-head") -> Person:
    person = Person.objects.get(user__username=username)
    services.update_person(person, actor=user(actor), name=person.name, unit=unit(code) if code else None)
    return Person.objects.get(pk=person.pk)


def test_the_attack_a_business_users_home_unit_stays_until_approved(user, demo):
    gb1, jcq = unit("gb1"), unit("jcq")
    person = move_home(user, "jcq")
    assert person.unit_id == gb1.pk and own_unit_ids(person) == {gb1.pk}
    proposal = RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT, status="pending")
    assert (proposal.person, proposal.old_parent, proposal.new_parent) == (person, gb1, jcq)
    assert proposal.what == f"所在单位：干部一科 → {jcq.name}"
    assert SecurityEvent.objects.get(kind=SecurityEventKind.HOME_UNIT_PROPOSED).username == "admin"

    services.approve_proposals([proposal.pk], actor=user("secadmin"))
    person = Person.objects.get(pk=person.pk)
    assert person.unit_id == jcq.pk and jcq.pk in own_unit_ids(person)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.HOME_UNIT_CHANGED)
    assert (event.username, event.target) == ("secadmin", "gb1-head")
    assert event.detail_text == f"干部一科 → {jcq.name}；提议人：admin"
    assert person.history.first().history_user.username == "secadmin"


def test_the_attack_a_token_of_the_old_unit_stops_at_the_transfer_a_refusal_keeps_it(user, demo, api_as):
    """A token made for the work of 干部一科 does not act in the county the holder moves to."""
    holder = Person.objects.get(user__username="gb1-head").user
    key = issue_token(holder).key
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    move_home(user, "jcq")
    services.refuse_proposals(
        [RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT).pk], actor=user("secadmin")
    )
    assert client.get("/api/v1/tasks/").status_code == 200
    move_home(user, "jcq")
    services.approve_proposals(
        [RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT, status="pending").pk], actor=user("secadmin")
    )
    assert client.get("/api/v1/tasks/").status_code == 401
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_REVOKED)
    assert (event.target, event.detail["reason"], event.detail["tokens"]) == (
        "gb1-head",
        "home_unit_changed",
        1,
    )


def test_a_refused_home_unit_changes_nothing_and_a_second_one_waits_for_the_first(user, demo):
    move_home(user, "jcq")
    move_home(user, "jcq")  # the same form sent twice
    assert RightsProposal.objects.filter(kind=ProposalKind.HOME_UNIT).count() == 1
    with pytest.raises(Conflict, match="已有一条待安全管理员审批的所在单位调整"):
        move_home(user, None)
    proposal = RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT)
    services.refuse_proposals([proposal.pk], actor=user("secadmin"))
    assert Person.objects.get(user__username="gb1-head").unit_id == unit("gb1").pk
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.HOME_UNIT_REFUSED).count() == 1


@pytest.mark.parametrize("username", ["admin", "auditor", "head"])
def test_nobody_but_the_security_admin_approves_a_home_unit(user, demo, username):
    move_home(user, "jcq")
    proposal = RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT)
    with pytest.raises(Forbidden):
        services.approve_proposals([proposal.pk], actor=user(username))
    assert Person.objects.get(user__username="gb1-head").unit_id == unit("gb1").pk


def test_a_home_unit_that_went_stale_is_not_applied(user, demo):
    move_home(user, "jcq")
    proposal = RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT)
    Person.objects.filter(user__username="gb1-head").update(unit=unit("swzzb"))
    with pytest.raises(Conflict, match="已不在提议时的单位"):
        services.approve_proposals([proposal.pk], actor=user("secadmin"))
    assert Person.objects.get(user__username="gb1-head").unit_id == unit("swzzb").pk


def test_an_admin_accounts_unit_changes_at_once(user, demo):
    assert move_home(user, "jcq", username="admin").unit_id == unit("jcq").pk
    assert not RightsProposal.objects.filter(kind=ProposalKind.HOME_UNIT).exists()


def test_the_import_proposes_an_existing_users_home_unit(user, demo):
    from tests.core.ledgers import upload
    from tests.org.test_imports import workbook

    data = workbook(people=[["gb1-head", "一科科长", "jcq", "科长", "", "", "", ""]])
    result = services.import_org(actor=user("admin"), upload=upload(data, "组织架构.xlsx"))
    assert (result.people_updated, result.home_units) == (1, 1)
    assert Person.objects.get(user__username="gb1-head").unit_id == unit("gb1").pk
    assert RightsProposal.objects.get(kind=ProposalKind.HOME_UNIT).new_parent == unit("jcq")


def test_the_attack_a_staffed_unit_is_not_taken_out_of_use_by_the_system_admin(user, demo):
    """A unit no longer in use is not scored, assigned to or expected at the monthly meeting: the system
    admin's 停用 of 干部一科, with its people, roles and leader in charge, dropped it from the period's
    ranking at once. Its people move (a proposal) and its roles end (the security admin's) first."""
    admin, gb1 = user("admin"), unit("gb1")
    with pytest.raises(InvalidInput) as refused:
        services.update_unit(gb1, actor=admin, is_active=False, duties="干部调配")
    assert refused.value.code == "unit_in_use"
    assert refused.value.message == (
        "“干部一科”还有人员（3人）、在本单位担任的角色、分管领导，不能停用：请先把人员调往其他单位，"
        "并由安全管理员收回本单位的角色和分管"
    )
    gb1 = unit("gb1")
    assert gb1.is_active and gb1.duties != "干部调配"
    services.update_unit(gb1, actor=admin, is_active=True, duties="干部调配")  # its own facts still change
    assert unit("gb1").duties == "干部调配"


def test_a_unit_with_units_under_it_is_not_taken_out_of_use(user, bureau):
    services.create_unit(
        actor=user("admin"), code="gbc1", name="干部工作处一科", kind=UnitKind.SECTION, parent=bureau
    )
    with pytest.raises(InvalidInput, match="还有下级单位，不能停用"):
        services.update_unit(bureau, actor=user("admin"), is_active=False)
    assert unit("gbc").is_active
