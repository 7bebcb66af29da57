import os

import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def refuse_the_public_secret_key() -> None:
    """The web process (gunicorn) does not serve with the fallback SECRET_KEY, which is in the
    source, outside DEBUG and the demo: the settings refuse it only when ALLOWED_HOSTS is set, and
    a deployment that forgot both served with it behind a proxy that sends Host: 127.0.0.1
    (nginx's default), signing sessions with a public key (deployment report, finding 3)."""
    if settings.SECRET_KEY == settings.FALLBACK_SECRET_KEY and not (
        settings.DEBUG or settings.DEMO_MODE
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: the web process does not serve with the public fallback key. "
            "Set SECRET_KEY (python -c 'import secrets; print(secrets.token_urlsafe(50))') and "
            "ALLOWED_HOSTS (docs/operations.md, section 3)."
        )


django.setup(set_prefix=False)
refuse_the_public_secret_key()
application = get_wsgi_application()
