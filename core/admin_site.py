"""The Django admin is a tool for platform operators (superusers) only.

Organisations run their contests on their own pages, through the services, their locks and
the audit log; the admin would let an organiser skip all three.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class OperatorsAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class OperatorsAdminConfig(AdminConfig):
    default_site = "core.admin_site.OperatorsAdminSite"
