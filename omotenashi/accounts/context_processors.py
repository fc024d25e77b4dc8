from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def desk(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    agent = getattr(user, "agent", None) if user is not None and user.is_authenticated else None
    return {
        "desk_name": settings.DESK_NAME,
        "current_agent": agent,
        "support_address": settings.SUPPORT_ADDRESS,
        # The header's search box; the page lives in the search app (resolved by URL name so
        # this module does not import it).
        "search_url": reverse("search:page") if agent is not None else "",
    }
