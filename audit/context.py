"""Who is acting, and from which request: the context every audit event is written with."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
ip_var: contextvars.ContextVar[str] = contextvars.ContextVar("ip", default="")

ACTOR_PERSON = "person"
ACTOR_CLIENT = "client"
ACTOR_SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """An actor as the trail records it: a pseudonymous id, never a name."""

    kind: str
    ref: str
    role: str = ""
    administration: str = ""
    user_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.kind == ACTOR_SYSTEM


SYSTEM = Actor(kind=ACTOR_SYSTEM, ref="system", role="system")


def new_request_id() -> str:
    return uuid.uuid4().hex


def actor_for_user(user: AbstractBaseUser | AnonymousUser) -> Actor:
    """The actor for a logged-in person, with role and administrations as they are now."""
    from audit.services import person_pseudonym

    if not user.is_authenticated:
        return Actor(kind=ACTOR_PERSON, ref="anonymous", role="anonymous")
    roles = ",".join(sorted(g.name for g in user.groups.all()))  # type: ignore[attr-defined]
    profile = getattr(user, "profile", None)
    admins = ""
    if profile is not None:
        admins = ",".join(sorted(a.code for a in profile.administrations.all()))
    return Actor(
        kind=ACTOR_PERSON,
        ref=person_pseudonym(user),
        role=roles or ("superuser" if getattr(user, "is_superuser", False) else ""),
        administration=admins,
        user_id=user.pk,
    )


def actor_for_client(client_id: str, name: str = "") -> Actor:
    return Actor(kind=ACTOR_CLIENT, ref=str(client_id), role="booking_client")
