"""WSGI entry point for gunicorn: syncserver.wsgi:application."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncserver.settings")

application = get_wsgi_application()
