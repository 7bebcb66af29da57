"""Sets the request id and client address that audit events record."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.context import ip_var, new_request_id, request_id_var


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        rid_token = request_id_var.set(request_id)
        ip_token = ip_var.set(request.META.get("REMOTE_ADDR", "") or "")
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(rid_token)
            ip_var.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response
