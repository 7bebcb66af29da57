"""The admin as an app whose default site is config.admin.GranskaAdminSite."""

from django.contrib.admin.apps import AdminConfig


class GranskaAdminConfig(AdminConfig):
    default_site = "config.admin.GranskaAdminSite"
