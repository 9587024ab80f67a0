"""Routes, and the JSON error pages that replace Django's HTML ones."""
from django.urls import include, path

urlpatterns = [
    path("api/v1/sync/", include("sync.urls")),
]

handler400 = "syncserver.errors.bad_request"
handler403 = "syncserver.errors.permission_denied"
handler404 = "syncserver.errors.not_found"
handler500 = "syncserver.errors.server_error"
