"""gunicorn's threaded worker, answering HTTP it cannot parse with JSON instead of its HTML page
(contract section 1: a malformed request gets a 4xx, never an HTML page)."""
import json

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers.gthread import ThreadWorker

_MALFORMED = (
    errors.InvalidRequestLine,
    errors.InvalidRequestMethod,
    errors.InvalidHTTPVersion,
    errors.InvalidHeader,
    errors.InvalidHeaderName,
    errors.UnsupportedTransferCoding,
    errors.LimitRequestLine,
    errors.LimitRequestHeaders,
    errors.InvalidProxyLine,
    errors.InvalidSchemeHeaders,
    errors.InvalidChunkSize,
    errors.ChunkMissingTerminator,
)


class JsonErrorThreadWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        if isinstance(exc, _MALFORMED):
            self.log.debug("Invalid request from %s: %s", addr, exc)
            status, detail = "400 Bad Request", f"malformed HTTP request: {exc}"
        elif isinstance(exc, errors.ForbiddenProxyRequest):
            status, detail = "403 Forbidden", "request forbidden"
        else:
            self.log.exception("Error handling request")
            status, detail = "500 Internal Server Error", "internal server error"
        body = json.dumps({"detail": detail}).encode("ascii")
        head = (
            f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("ascii")
        try:
            util.write_nonblock(client, head + body)
        except Exception:
            self.log.debug("Failed to send error message.")
