"""Refuses request bodies over the limit (413) before anything reads them (contract section 4)."""
import io

from django.conf import settings
from django.http import JsonResponse


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_BODY_BYTES

    def __call__(self, request):
        if request.META.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
            refused = self._buffer_chunked_body(request)
            if refused is not None:
                return refused
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return JsonResponse({"detail": "Content-Length must be a decimal number"}, status=400)
        if int(length) > self.limit:
            return _too_large()
        return self.get_response(request)

    def _buffer_chunked_body(self, request):
        """Django reads only Content-Length bodies; the server (gunicorn) decodes chunked ones,
        so read up to the limit here and hand Django the bytes with their length."""
        try:
            body = request.META["wsgi.input"].read(self.limit + 1)
        except Exception:  # the server's chunk parser raises its own error types
            return JsonResponse({"detail": "malformed chunked request body"}, status=400)
        if len(body) > self.limit:
            return _too_large()
        request._stream = io.BytesIO(body)
        request.META["CONTENT_LENGTH"] = str(len(body))
        return None


def _too_large():
    return JsonResponse({"detail": "request body over 16 MiB"}, status=413)
