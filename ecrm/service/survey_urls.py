"""The public survey page ``/survey/<token>/`` (SVC-SUR-1): mounted at the root by ecrm/urls.py, no login."""
from django.urls import path

from ecrm.service.views import survey_answer

urlpatterns = [
    path("<path:token>/", survey_answer, name="survey"),
]
