"""``/api/schema/``, generated once per process, language and version.

Generating the schema walks every view and serializer (about a second of CPU). It is public, so
without a cache every anonymous GET would cost that second. The schema depends only on the code,
the settings (limits and rates quoted in its texts) and the language, never on the caller or the
data, so one copy per (language, version) serves everybody; a change of settings (tests, or
``override_settings``) empties the cache through Django's ``setting_changed`` signal.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

_SCHEMAS: dict[tuple[str | None, str | None], dict[str, Any]] = {}


class CachedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request: Request) -> Response:
        if not self.serve_public:  # a schema filtered by the caller's permissions: not shared
            return super()._get_schema_response(request)
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        schema = _SCHEMAS.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = _SCHEMAS[key] = generator.get_schema(request=request, public=True)
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


@receiver(setting_changed, dispatch_uid="api.schema_view.clear")
def clear_schema_cache(**kwargs: Any) -> None:
    _SCHEMAS.clear()
