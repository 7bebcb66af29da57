"""The Celery application. Broker and schedule come from settings (CELERY_* names)."""

import os

from celery import Celery

from config import kombu_fs

# `filesystem://` is kombu's file-system transport with atomic publishing (config/kombu_fs.py):
# kombu's own lets the worker read a message still being written, and the worker then exits.
kombu_fs.register()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("granska")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
