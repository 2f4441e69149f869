from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "ecrm.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self):
        from ecrm import defects
        from ecrm.common import schema  # noqa: F401 - registers the OpenAPI auth extension

        defects.activate()
