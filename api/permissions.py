from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from bookings.models import BookingClient


class IsBookingClient(BasePermission):
    message = _("Endast bokningssystem (API-nyckel).")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, BookingClient)


class IsOfficer(BasePermission):
    message = _("Endast inloggade tjänstepersoner.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return (
            user is not None
            and not isinstance(user, BookingClient)
            and bool(getattr(user, "is_authenticated", False))
            and bool(getattr(user, "is_active", False))
        )
