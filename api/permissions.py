from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from bookings.models import BookingClient


class IsBookingClient(BasePermission):
    message = "Endast bokningssystem (API-nyckel). / Booking-system API keys only."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, BookingClient)


class IsOfficer(BasePermission):
    message = "Endast inloggade tjänstepersoner. / Officers only."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return (
            user is not None
            and not isinstance(user, BookingClient)
            and bool(getattr(user, "is_authenticated", False))
            and bool(getattr(user, "is_active", False))
        )
