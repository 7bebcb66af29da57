"""The accessibility statement: public, so that anyone can read it and report a problem."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from web.accessibility import ASSESSED_ON, DIGG_REPORT_URL, UPDATED_ON, contact_link


def statement(request: HttpRequest) -> HttpResponse:
    context = {
        "municipality": settings.GRANSKA_MUNICIPALITY,
        "contact": contact_link(settings.GRANSKA_ACCESSIBILITY_CONTACT),
        "assessed_on": ASSESSED_ON,
        "updated_on": UPDATED_ON,
        "digg_url": DIGG_REPORT_URL,
    }
    return render(request, "web/accessibility.html", context)
