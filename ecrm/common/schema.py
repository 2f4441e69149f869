"""drf-spectacular extension describing the e-CRM session authentication."""
from drf_spectacular.authentication import SessionScheme


class EcrmSessionScheme(SessionScheme):
    target_class = "ecrm.common.api_auth.SessionAuthentication"
    name = "ecrmSession"
