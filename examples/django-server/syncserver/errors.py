"""Every error is a JSON object with "detail" (contract section 1): Django's error views and
DRF's exception handler both answer that way, so no HTML page ever leaves the server."""
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from rest_framework.views import exception_handler


def json_exception_handler(exc, context):
    """DRF's handler, with validation errors flattened into one "detail" string."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django logs it and answers with server_error below
    if not (isinstance(response.data, dict) and "detail" in response.data):
        response.data = {"detail": _flatten(response.data)}
    return response


def _flatten(data, where=""):
    if isinstance(data, dict):
        return "; ".join(_flatten(v, f"{where}.{k}" if where else str(k)) for k, v in data.items())
    if isinstance(data, list):
        return "; ".join(_flatten(v, where) for v in data)
    return f"{where}: {data}" if where else str(data)


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"detail": "request body over 16 MiB"}, status=413)
    # Django's SuspiciousOperation cases, such as a Host header not in ALLOWED_HOSTS.
    return JsonResponse({"detail": f"bad request: {exception}"}, status=400)


def permission_denied(request, exception):
    return JsonResponse({"detail": "forbidden"}, status=403)


def not_found(request, exception):
    return JsonResponse({"detail": f"no endpoint at {request.path}"}, status=404)


def server_error(request):
    return JsonResponse({"detail": "internal server error"}, status=500)
