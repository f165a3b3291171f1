"""The category tree every installation starts with; the system admin edits it on /problems/categories/."""

from django.db import migrations

CATEGORIES = {
    "选人用人": ["动议提名", "考察考核", "讨论决定", "任职程序"],
    "干部监督": ["个人有关事项报告", "干部人事档案", "因私出国（境）管理", "违规兼职"],
    "基层党建": ["组织生活", "软弱涣散党组织", "党员发展", "党费收缴"],
    "人才工作": ["人才引进", "人才服务保障"],
    "公务员管理": ["招录遴选", "考核奖惩"],
    "作风建设": ["形式主义官僚主义", "工作纪律"],
    "制度执行": ["制度缺失", "执行不到位"],
}


def seed(apps, schema_editor):
    Category = apps.get_model("problems", "ProblemCategory")
    for order, (name, children) in enumerate(CATEGORIES.items(), start=1):
        parent = Category.objects.create(name=name, sort_order=order)
        parent.tree_path = f"/{parent.pk:010d}/"
        parent.save(update_fields=["tree_path"])
        for child_order, child_name in enumerate(children, start=1):
            child = Category.objects.create(name=child_name, parent=parent, sort_order=child_order)
            child.tree_path = f"{parent.tree_path}{child.pk:010d}/"
            child.save(update_fields=["tree_path"])


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
