from django.conf import settings

from ecrm.common.registry import nav_for


def layout(request):
    user = getattr(request, "user", None)
    return {
        "ecrm_nav": nav_for(user, request.path) if user is not None and user.is_authenticated else [],
        "ecrm_version": settings.ECRM_VERSION,
    }
