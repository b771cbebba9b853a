"""Logging in checks the password; what a person may do is decided by the rules alone (each app's rules.py)."""

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's username-and-password login, without its table of per-user permissions.

    Peixun grants nothing through that table, and consulting it cost two queries on every page that
    asked about a permission the rules refused.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
