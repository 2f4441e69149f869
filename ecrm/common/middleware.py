"""Every page needs a login (COM-AUTH-1), except views marked ``login_not_required``.

The API (``/api/``) is left to DRF, which answers 401 to anonymous requests;
static files are public.
"""
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base

_PUBLIC_PREFIXES = ("/api/", "/static/", "/__test__/")


class LoginRequiredMiddleware(_Base):
    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if path.startswith(_PUBLIC_PREFIXES) or path.startswith(settings.STATIC_URL):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
