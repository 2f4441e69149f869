"""Common API: ``/api/v1/auth/...`` and ``/api/v1/users/``."""
from django.contrib.auth import login, logout
from django.db.models import Q
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import CSRFCheck
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common.api_tools import api_paths, api_router
from ecrm.common.lockout import GENERIC_ERROR, attempt_login
from ecrm.common.models import Role, User
from ecrm.common.validators import clean_query_text


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role"]


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    employee_type = serializers.StringRelatedField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "role_display", "line_manager", "employee_type",
                  "language"]


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=True)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


def _enforce_csrf(request):
    """Login is state-changing too: require the CSRF token like every other write."""
    def dummy_get_response(_request):  # pragma: no cover - never called
        return None

    check = CSRFCheck(dummy_get_response)
    check.process_request(request)
    reason = check.process_view(request, None, (), {})
    if reason:
        raise PermissionDenied(f"CSRF Failed: {reason}")


class CsrfView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Csrf", {"csrftoken": serializers.CharField()}))
    def get(self, request):
        """Set the ``csrftoken`` cookie and return its value."""
        return Response({"csrftoken": get_token(request)})


class LoginView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=LoginSerializer, responses={200: MeSerializer})
    def post(self, request):
        """Log in (COM-AUTH-2 lockout applies); needs the CSRF token (``X-CSRFToken``)."""
        _enforce_csrf(request._request)
        serializer = LoginSerializer(data=request.data)
        if serializer.is_valid():
            user = attempt_login(
                request._request, serializer.validated_data["username"], serializer.validated_data["password"]
            )
            if user is not None:
                login(request._request, user)
                get_token(request._request)  # rotate into the response
                return Response(MeSerializer(user).data)
        return Response({"detail": GENERIC_ERROR}, status=status.HTTP_400_BAD_REQUEST)


class LogoutView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Active users (``?role=rep`` filters by role, ``?search=`` by username or display name)."""

    serializer_class = UserSerializer

    def get_queryset(self):
        qs = User.objects.filter(is_active=True).order_by("username")
        role = self.request.query_params.get("role")
        if role in Role.values:
            qs = qs.filter(role=role)
        q = clean_query_text(self.request.query_params.get("search", ""))
        if q:

            qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
        return qs


router = api_router({"users": UserViewSet})
urlpatterns = api_paths({
    "auth/csrf/": (CsrfView, "api-csrf"), "auth/login/": (LoginView, "api-login"),
    "auth/logout/": (LogoutView, "api-logout"), "auth/me/": (MeView, "api-me"),
})
