"""Logging in checks the password; what a person may do is decided by the rules alone (each app's rules.py)."""

from axes.backends import AxesStandaloneBackend
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


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login that too many failed passwords have locked out (django-axes), before any password is checked.

    Every login that comes from the network passes its request (the login page, the admin's). Code that
    authenticates without one (a test client's ``login``, a shell) reaches no secret from outside and is
    not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
