"""Uploaded files (personal data) are not world-readable on the server (ops report, defect 10:
files 0644 and directories 0755 under MEDIA_ROOT, whatever the service's umask)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def test_the_settings_keep_uploads_from_other_users():
    assert django_settings.FILE_UPLOAD_PERMISSIONS == 0o640
    assert django_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o750


def test_a_stored_file_and_its_folders_are_not_world_readable(tmp_path: Path, settings: Any):
    settings.MEDIA_ROOT = str(tmp_path)
    name = FileSystemStorage().save("incoming/2026/ansokan.txt", ContentFile(b"personuppgifter"))
    path = tmp_path / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "incoming" / "2026").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "incoming").stat().st_mode) == 0o750
