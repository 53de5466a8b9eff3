"""Groups 校对员 (may correct articles and pages) and 审核员 (may also approve)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CORRECTING = [
    ("archive", "view_newspaper"),
    ("archive", "view_issue"),
    ("archive", "view_county"),
    ("archive", "view_page"),
    ("archive", "change_page"),
    ("archive", "view_article"),
    ("archive", "change_article"),
    ("archive", "add_article"),
]
APPROVE = ("approve_article", "可审核文章（设为已审核）")


def create_groups(apps, schema_editor):
    # Model permissions are normally created after all migrations; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="archive", model="article")
    approve, _ = Permission.objects.get_or_create(
        codename=APPROVE[0], content_type=article_type, defaults={"name": APPROVE[1]}
    )
    correcting = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in CORRECTING
    ]
    proofreaders, _ = Group.objects.get_or_create(name="校对员")
    proofreaders.permissions.add(*correcting)
    reviewers, _ = Group.objects.get_or_create(name="审核员")
    reviewers.permissions.add(*correcting, approve)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["校对员", "审核员"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
