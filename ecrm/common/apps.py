from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ecrm import defects


class CommonConfig(AppConfig):
    name = "ecrm.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self):
        # The OpenAPI auth extension registers itself when ecrm.common.schema is imported: REST_FRAMEWORK's
        # DEFAULT_SCHEMA_CLASS names that module, and every API module imports it.
        defects.activate()
