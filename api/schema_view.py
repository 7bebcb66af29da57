"""``/api/schema/``, generated once per process, language and version.

Generating the schema walks every view and serializer (about a second of CPU). It is public, so
without a cache every anonymous GET would cost that second. The schema depends only on the code,
the settings (limits and rates quoted in its texts) and the language, never on the caller or the
data, so one copy per (language, version) serves everybody; a change of settings (tests, or
``override_settings``) empties the cache through Django's ``setting_changed`` signal. The rendered
bytes are kept too, per accepted media type: PyYAML takes about a quarter of a second to write the
YAML form.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request

_SCHEMAS: dict[tuple[str | None, str | None], dict[str, Any]] = {}
# The rendered document per (language, version, accepted media type): rendering the YAML form
# costs about a quarter of a second of CPU, the JSON form little.
_RENDERED: dict[tuple[str | None, str | None, str], str | bytes] = {}


class CachedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request: Request) -> HttpResponse:
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
        return self._rendered(request, (*key, request.accepted_media_type), schema, version)

    def _rendered(
        self, request: Request, key: tuple[str | None, str | None, str], schema: Any, version: Any
    ) -> HttpResponse:
        renderer = request.accepted_renderer
        body = _RENDERED.get(key)
        if body is None:
            context = self.get_renderer_context()
            body = _RENDERED[key] = renderer.render(schema, key[2], context)
        media = renderer.media_type
        response = HttpResponse(
            body, content_type=f"{media}; charset={renderer.charset}" if renderer.charset else media
        )
        filename = self._get_filename(request, version)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


@receiver(setting_changed, dispatch_uid="api.schema_view.clear")
def clear_schema_cache(**kwargs: Any) -> None:
    _SCHEMAS.clear()
    _RENDERED.clear()
