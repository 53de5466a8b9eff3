import pytest
from django.contrib.auth.models import Group

from archive.corrections.editing import can_approve
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


def test_migration_creates_proofreader_and_reviewer_groups():
    proofreaders = set(
        Group.objects.get(name="校对员").permissions.values_list("codename", flat=True)
    )
    reviewers = set(Group.objects.get(name="审核员").permissions.values_list("codename", flat=True))
    assert {"change_article", "change_page"} <= proofreaders
    assert "approve_article" not in proofreaders
    assert reviewers == proofreaders | {"approve_article"}


def test_only_reviewers_can_approve():
    assert can_approve(make_staff_user("r", groups=("审核员",)))
    assert not can_approve(make_staff_user("p", groups=("校对员",)))


def test_ensure_role_groups_recreates_deleted_groups():
    from archive.corrections.roles import ensure_role_groups

    Group.objects.all().delete()
    proofreaders, reviewers = ensure_role_groups()
    assert proofreaders.permissions.filter(codename="change_article").exists()
    assert reviewers.permissions.filter(codename="approve_article").exists()
