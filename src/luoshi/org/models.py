"""The organization (组织领导体系): units in a tree, people, their roles and who is in charge of what."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import account_of, admin_role_of
from luoshi.core.querysets import RestrictedManager

from .choices import ProposalKind, ProposalStatus, Role, UnitKind


class Unit(models.Model):
    """A department, a section or a subordinate (county/district) department."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    aliases = models.JSONField("别称", default=list, blank=True, help_text="文件里对该单位的其他叫法")
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices())
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path ("12/40/") so a subtree is one indexed prefix match at province scale.
    tree_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    duties = models.TextField(
        "职责",
        blank=True,
        help_text="本单位的主要职责（如三定方案所列），用于给未写明责任单位的要求推荐牵头单位",
    )
    # A department's office (办公室) may hand out work in the department's name when the security
    # admin grants it: its people then assign to the whole parent's subtree, not only their own.
    assigns_for_parent = models.BooleanField("可代上级单位交办", default=False)
    # The unit's head may let its staff sign off (签收) work given to the unit, e.g. while away.
    staff_acknowledge = models.BooleanField(
        "本单位干部可签收", default=False, help_text="打开后，本单位的干部也可以签收交办给本单位的任务"
    )
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["tree_path", "sort_order", "id"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.depth_of(self.tree_path)

    @staticmethod
    def depth_of(tree_path: str) -> int:
        """0 for a root unit, one more per level below (for lists read as values, not objects)."""
        return max(tree_path.count("/") - 2, 0)

    @property
    def kind_label(self) -> str:
        return UnitKind.label(self.kind)

    @property
    def display_name(self) -> str:
        """The one rule for which of a unit's names shows where. Its 简称 (when it has one) only in the
        columns of lists of many tasks or units — 任务台账, 我的待办, 领导总览 — and in the choices that
        filter such a column, so a column and its filter say the same. The full ``name`` wherever one task
        or unit is read: its page (its heading, facts, subtasks and parts alike), its print, its trail,
        notices and documents."""
        return display_name(self.name, self.short_name)


def display_name(name: str, short_name: str) -> str:
    """``Unit.display_name`` for a unit read as values (a list's row), by the same rule."""
    return short_name or name


class Person(models.Model):
    """A person tied to a login account; admin accounts are people too, with no business unit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(
        Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        ordering = ["unit__tree_path", "id"]
        verbose_name = verbose_name_plural = "人员"

    def __str__(self) -> str:
        return self.name

    @property
    def username(self) -> str:
        return self.user.get_username()

    # The login account's facts (accounts.Account); lists read them with select_related(*WITH_ACCOUNT).
    @property
    def admin_role(self) -> str:
        return admin_role_of(self.user)

    @property
    def admin_role_label(self) -> str:
        return AdminRole.label(self.admin_role) if self.admin_role else ""

    @property
    def must_change_password(self) -> bool:
        account = account_of(self.user)
        return account is not None and account.must_change_password


# What a list of people joins to read each one's account (admin role, forced password change).
WITH_ACCOUNT = ("user__account",)
# People who are not administrators (三员 hold no business role).
NOT_ADMIN = Q(user__account__admin_role="")


class Membership(models.Model):
    """A business role a person holds in a unit (one person may hold several)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices())
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "unit", "role"], name="uniq_membership")]
        verbose_name = verbose_name_plural = "任职"

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {Role.label(self.role)}"


class Oversight(models.Model):
    """分管: a leader is in charge of a unit (and so of its subtree)."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="oversights")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="oversights")
    history = HistoricalRecords()

    objects = RestrictedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["leader", "unit"], name="uniq_oversight")]
        verbose_name = verbose_name_plural = "分管"

    def __str__(self) -> str:
        return f"{self.leader} 分管 {self.unit}"


class RightsProposal(models.Model):
    """A change of who may decide, which the system admin proposes and only the security admin grants: a
    role or 分管 an org import carries (GRANT), a unit moved under another parent or given another type
    (MOVE): a parent's head and the leaders over it reach the unit's work, and the type says what the
    roles held in it are (the 部长 of a 部机关 runs the assessment), so either grants and takes away
    authority; or a
    business user's password reset (RESET): whoever holds the whole password acts as that user; or a
    group robot's webhook address (ROBOT): every notification's title goes there."""

    kind = models.CharField(
        "类别", max_length=20, choices=ProposalKind.choices(), default=ProposalKind.GRANT, db_index=True
    )
    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rights_proposals",
        help_text="授权给谁，或重置谁的密码；调整单位隶属时为空",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="角色所在的单位，或分管的单位，或调整隶属的单位；重置密码时为空",
    )
    old_parent = models.ForeignKey(
        Unit, verbose_name="原上级单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    new_parent = models.ForeignKey(
        Unit, verbose_name="拟调至", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        "角色", max_length=20, choices=Role.choices(), blank=True, help_text="为空表示分管"
    )
    old_kind = models.CharField("原类型", max_length=20, choices=UnitKind.choices(), blank=True)
    new_kind = models.CharField(
        "拟改为类型", max_length=20, choices=UnitKind.choices(), blank=True, help_text="为空表示类型不变"
    )
    robot = models.ForeignKey(
        "notify.Robot",
        verbose_name="群机器人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="调整Webhook地址的群机器人；其他提议为空",
    )
    # A reset proposed for an account that has no password yet is its first one: the account's password
    # says so only until the reset is approved, so the proposal keeps it for its place in the history.
    first_password = models.BooleanField("新账号初始密码", default=False)
    # A reset's first half, shown to its proposer, waits here for the second the approval draws (the
    # password's hash needs both); emptied when the proposal is decided, shown nowhere (``resets``).
    password_half = models.CharField("密码前半段", max_length=16, blank=True, editable=False)
    old_address = models.CharField("原地址", max_length=500, blank=True, help_text="为空表示新建")
    new_address = models.CharField("拟改为地址", max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=20, choices=ProposalStatus.choices(), default=ProposalStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "授权提议"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ProposalKind.GRANT, person__isnull=False, unit__isnull=False)
                | Q(kind=ProposalKind.MOVE, person__isnull=True, unit__isnull=False, role="")
                | Q(kind=ProposalKind.RESET, person__isnull=False, unit__isnull=True, role="")
                | Q(
                    kind=ProposalKind.ROBOT,
                    robot__isnull=False,
                    person__isnull=True,
                    unit__isnull=True,
                    role="",
                )
                | Q(
                    kind=ProposalKind.EMAIL,
                    robot__isnull=True,
                    person__isnull=False,
                    unit__isnull=True,
                    role="",
                )
                | Q(
                    kind=ProposalKind.HOME_UNIT,
                    robot__isnull=True,
                    person__isnull=False,
                    unit__isnull=True,
                    role="",
                ),
                name="proposal_kind_names_its_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.what}" if self.person_id else self.what

    @property
    def what(self) -> str:
        if self.kind in (ProposalKind.ROBOT, ProposalKind.EMAIL, ProposalKind.HOME_UNIT):
            return self.change_text
        if self.unit is None:  # a reset names no unit
            return "发放初始密码（新账号）" if self.first_password else "重置登录密码"
        unit = self.unit.display_name
        if self.kind == ProposalKind.MOVE:
            return f"{unit}的{self.change_text}"
        return f"{unit}·{Role.label(self.role)}" if self.role else f"分管{unit}"

    @property
    def move_text(self) -> str:
        """A move as "原上级 → 新上级"."""
        before, after = (p.name if p else "（无上级）" for p in (self.old_parent, self.new_parent))
        return f"{before} → {after}"

    @property
    def change_text(self) -> str:
        """What a unit's proposal changes, as "上级单位：原 → 新" and/or "类型：原 → 新"; a robot's, as
        "Webhook地址：原 → 新"; an e-mail's, as "电子邮箱：原 → 新"; a home unit's (old and new in
        ``old_parent``/``new_parent``), as "所在单位：原 → 新"."""
        if self.kind == ProposalKind.ROBOT:
            return f"Webhook地址：{self.old_address or '（新建）'} → {self.new_address}"
        if self.kind == ProposalKind.EMAIL:
            return f"电子邮箱：{self.old_address or '（无）'} → {self.new_address or '（无）'}"
        if self.kind == ProposalKind.HOME_UNIT:
            before, after = (u.name if u else "（无）" for u in (self.old_parent, self.new_parent))
            return f"所在单位：{before} → {after}"
        parts = [f"上级单位：{self.move_text}"] if self.old_parent_id != self.new_parent_id else []
        if self.new_kind:
            parts.append(f"类型：{UnitKind.label(self.old_kind)} → {UnitKind.label(self.new_kind)}")
        return "；".join(parts)

    @property
    def status_label(self) -> str:
        return ProposalStatus.label(self.status)


def subtree_q(units: list[Unit], field: str = "tree_path") -> Q:
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(**{f"{field}__startswith": unit.tree_path})
    return condition


def leaders_in_charge(unit: Unit) -> models.QuerySet[Person]:
    """Who may be a task's 分管领导 for work led by ``unit``: the leaders overseeing it or a unit above
    it, and the heads of the units above it. The unit's own head is none of them (a county department's
    部长 would decide her own unit's key tasks and extensions), except at the top, where nobody is above.
    Admin accounts never (三员 hold no business role)."""
    from luoshi.core.trees import path_ids

    path = path_ids(unit.tree_path) or [unit.pk]
    return leaders_over(path, heads_of=path[:-1] or path)


def leaders_over(above: Iterable[int], heads_of: Iterable[int] | None = None) -> models.QuerySet[Person]:
    """The leaders overseeing any of the units ``above``, and the heads of those units (of ``heads_of``
    when given: ``leaders_in_charge`` leaves out the lead unit's own head)."""
    above = sorted(above)
    headed = above if heads_of is None else sorted(heads_of)
    return Person.objects.filter(
        Q(oversights__unit_id__in=above) | Q(memberships__role=Role.HEAD, memberships__unit_id__in=headed),
        NOT_ADMIN,
        user__is_active=True,
    ).distinct()


def works_under(person: Person, unit: Unit) -> bool:
    """A task's 责任人 is a business user of its lead unit or of a unit below it."""
    return (
        not person.admin_role
        and person.user.is_active
        and person.unit is not None
        and person.unit.tree_path.startswith(unit.tree_path)
    )


def leaders_by_unit(units: list[Unit]) -> dict[int, Person]:
    """The 分管领导 of each unit: the leader overseeing the nearest unit on its path (itself first),
    read in one query so a page of requirements or a batch of tasks fills its leaders at once."""
    from luoshi.core.trees import path_ids

    paths = {unit.pk: (path_ids(unit.tree_path) or [unit.pk])[::-1] for unit in units}
    wanted = {pk for path in paths.values() for pk in path}
    overseers: dict[int, Person] = {}
    for oversight in (
        Oversight.objects.filter(
            unit_id__in=wanted, leader__user__account__admin_role="", leader__user__is_active=True
        )
        .select_related("leader")
        .order_by("id")
    ):
        overseers.setdefault(oversight.unit_id, oversight.leader)
    found = {pk: next((overseers[u] for u in path if u in overseers), None) for pk, path in paths.items()}
    return {pk: leader for pk, leader in found.items() if leader is not None}


def leader_in_charge(unit: Unit) -> Person | None:
    """The one 分管领导 a task led by ``unit`` gets when nobody names another."""
    return leaders_by_unit([unit]).get(unit.pk)
