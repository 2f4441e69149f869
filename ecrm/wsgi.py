"""WSGI entry point (gunicorn ecrm.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecrm.settings")

application = get_wsgi_application()
