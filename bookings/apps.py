from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Lokaler och bokningssystem")

    def ready(self) -> None:
        from bookings.services import on_state_changed
        from vetting.signals import state_changed

        state_changed.connect(on_state_changed, dispatch_uid="bookings.on_state_changed")
