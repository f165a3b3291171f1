"""factory-boy factories for rows the tests need outside the demo organization."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from luoshi.accounts.models import Account
from luoshi.core.trees import child_path
from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Membership, Person, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("luoshi-demo")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True  # the tree hook stores its path itself

    code = factory.Sequence(lambda n: f"u{n}")
    name = factory.Sequence(lambda n: f"测试科室{n}")
    kind = UnitKind.SECTION
    parent = None

    @factory.post_generation
    def tree(unit, create, extracted, **kwargs):
        unit.tree_path = child_path(unit.parent.tree_path if unit.parent else None, unit.pk)
        Unit.objects.filter(pk=unit.pk).update(tree_path=unit.tree_path)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True  # the admin_role hook writes the Account, not the person

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试人员{n}")
    unit = None

    @factory.post_generation
    def admin_role(person, create, extracted, **kwargs):
        """``PersonFactory(admin_role=AdminRole.SYSTEM)``: the role is the login account's."""
        if extracted:
            Account.objects.update_or_create(user=person.user, defaults={"admin_role": extracted})
            person.user._state.fields_cache.pop("account", None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.STAFF


def member(unit: Unit, role: str = Role.STAFF) -> Person:
    """A person holding ``role`` in ``unit``, with an account (password luoshi-demo)."""
    return MembershipFactory(unit=unit, role=role, person__unit=unit).person


def task_of(unit: Unit, by: object = None, **fields: object) -> object:
    """A task led by ``unit``, made and assigned by ``by`` (its section head unless given: the office
    that entered a directive makes the tasks under it) and signed for by its section head, through the
    services (the rows a task needs beyond its own: tree path, ancestors, roll-ups, events)."""
    import datetime as dt

    from django.utils import timezone

    from luoshi.tasks import services

    head = Membership.objects.filter(unit=unit, role=Role.SECTION_HEAD).first()
    head = head.person if head else member(unit, Role.SECTION_HEAD)
    fields.setdefault("due_date", timezone.localdate() + dt.timedelta(days=30))
    maker = by or head.user
    task = services.create_task(
        actor=maker, title=fields.pop("title", "开展专题调研"), lead_unit=unit, **fields
    )
    services.assign(task, actor=maker)
    return services.acknowledge(task, actor=head.user)


def office_file(suffix: str) -> bytes:
    """A real, small .docx or .xlsx, for uploads whose content is checked."""
    import io

    buffer = io.BytesIO()
    if suffix == ".docx":
        import docx

        document = docx.Document()
        document.add_paragraph("测试")
        document.save(buffer)
    else:
        import openpyxl

        openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def macro_office_file(suffix: str, how: str) -> bytes:
    """A .docx or .xlsx carrying VBA: ``named`` as vbaProject.bin; ``main``: a macro-enabled main part with
    the project in an oddly named part; ``disguised``: the project stored as an image, declared only by
    an Override content type and a vbaProject relationship."""
    import io
    import zipfile

    folder = "word" if suffix == ".docx" else "xl"
    main = "document" if suffix == ".docx" else "workbook"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(office_file(suffix))) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                if how == "main":
                    data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
                    data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
                if how == "disguised":
                    data = data.replace(
                        b"</Types>",
                        f'<Override PartName="/{folder}/media/image9.png" '
                        'ContentType="application/vnd.ms-office.vbaProject"/></Types>'.encode(),
                    )
            if item.filename == f"{folder}/_rels/{main}.xml.rels" and how == "disguised":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="media/image9.png"/></Relationships>',
                )
            dst.writestr(item, data)
        part = {"named": "vbaProject.bin", "main": "vbaData.dat", "disguised": "media/image9.png"}[how]
        dst.writestr(f"{folder}/{part}", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return out.getvalue()
