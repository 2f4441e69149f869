"""API settings classes: authentication (401 for anonymous) and pagination.
(Kept free of ``rest_framework.views`` imports: DRF loads this module from its settings.)"""
from rest_framework import authentication, pagination


class SessionAuthentication(authentication.SessionAuthentication):
    """Session auth with CSRF; anonymous requests answer 401, not 403."""

    def authenticate_header(self, request):
        return 'Session realm="api"'


class Pagination(pagination.PageNumberPagination):
    """``{count, next, previous, results}``, 20 per page, ``?page_size=`` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param) or 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        try:
            number = int(raw)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), max(paginator.num_pages, 1))

    def get_page_size(self, request):
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except (TypeError, ValueError):
            return self.page_size
        return min(max(size, 1), self.max_page_size)
