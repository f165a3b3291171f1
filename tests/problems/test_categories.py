"""问题类别 kept by the system admin: add, rename, 停用/启用, and delete only what nothing uses."""

import pytest

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.problems import services
from luoshi.problems.forms import category_choices
from luoshi.problems.models import ProblemCategory


@pytest.fixture
def admin(user):
    return user("admin")


def test_a_category_is_added_under_a_top_one_and_offered_in_the_form(admin, db):
    top = ProblemCategory.objects.get(name="干部监督")
    made = services.add_category(actor=admin, name=" 干部 兼职 ", parent=top)
    assert made.name == "干部 兼职" and made.tree_path.startswith(top.tree_path) and made.depth == 1
    assert made.history.first().history_user == admin
    assert str(made.pk) in dict(category_choices("全部"))


def test_bad_names_and_depths_are_refused_and_nothing_is_written(admin, db):
    top = ProblemCategory.objects.get(name="干部监督")
    child = ProblemCategory.objects.get(name="干部人事档案")
    before = ProblemCategory.objects.count()
    with pytest.raises(InvalidInput, match="请填写类别名称"):
        services.add_category(actor=admin, name="  ", parent=top)
    with pytest.raises(Conflict, match="“干部监督”下已有名为“干部人事档案”的类别"):
        services.add_category(actor=admin, name="干部人事档案", parent=top)
    with pytest.raises(InvalidInput, match="只分大类和小类两级"):
        services.add_category(actor=admin, name="三级", parent=child)
    assert ProblemCategory.objects.count() == before


def test_only_the_system_admin_keeps_the_tree(user, db):
    with pytest.raises(Forbidden, match="只有系统管理员"):
        services.add_category(actor=user("head"), name="新大类")


def test_a_retired_category_leaves_the_forms_with_its_children_and_comes_back(admin, db):
    top = ProblemCategory.objects.get(name="干部监督")
    services.set_category_active(top, actor=admin, active=False)
    assert not ProblemCategory.objects.filter(tree_path__startswith=top.tree_path, is_active=True).exists()
    assert str(top.pk) not in dict(category_choices("全部"))
    child = ProblemCategory.objects.get(name="干部人事档案")
    with pytest.raises(Conflict, match="上级类别“干部监督”已停用"):
        services.set_category_active(child, actor=admin, active=True)
    services.set_category_active(top, actor=admin, active=True)
    assert ProblemCategory.objects.get(pk=top.pk).is_active


def test_a_category_in_use_cannot_be_deleted(admin, record, category):
    record(category=category)
    with pytest.raises(Conflict, match="已有1个问题使用，不能删除；不再使用请停用"):
        services.delete_category(category, actor=admin)
    with pytest.raises(Conflict, match="下还有小类"):
        services.delete_category(category.parent, actor=admin)
    unused = services.add_category(actor=admin, name="临时类别")
    services.delete_category(unused, actor=admin)
    assert ProblemCategory.objects.filter(pk=category.pk).exists()
    assert not ProblemCategory.objects.filter(pk=unused.pk).exists()


def test_the_page_adds_renames_and_refuses_in_chinese(client_as, record, category):
    record(category=category)
    admin = client_as("admin")
    page = admin.get("/problems/categories/").content.decode()
    assert "干部人事档案" in page and "1个问题" in page and "问题类别" in page
    tree = page[page.index('data-testid="category-tree"') :]  # 小类 under their 大类
    assert tree.index("干部监督") < tree.index("干部人事档案") < tree.index("基层党建")
    refused = admin.post("/problems/categories/", {"name": "", "parent": ""})
    assert refused.status_code == 400 and "请填写类别名称" in refused.content.decode()
    admin.post("/problems/categories/", {"name": "新大类", "parent": ""})
    made = ProblemCategory.objects.get(name="新大类")
    admin.post(f"/problems/categories/{made.pk}/rename/", {"name": "作风问题"})
    assert ProblemCategory.objects.get(pk=made.pk).name == "作风问题"
    response = admin.post(f"/problems/categories/{category.pk}/delete/", follow=True)
    assert "不能删除" in response.content.decode() and ProblemCategory.objects.filter(pk=category.pk).exists()
    assert client_as("head").get("/problems/categories/").status_code == 403
