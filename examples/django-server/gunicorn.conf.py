"""gunicorn settings of the example sync server; run.sh adds --bind and --threads."""
worker_class = "syncserver.gunicorn_worker.JsonErrorThreadWorker"
# One process with threads: the commit lock in sync/store.py is per process. (BEGIN IMMEDIATE
# keeps commit order == sequence order with more processes too, at the cost of lock polling.)
workers = 1
threads = 4
keepalive = 5
# Contract section 1: request lines and header sections up to 8 KiB must reach the application.
# gunicorn's default request line limit is 4094; 8190 (+ CRLF = 8 KiB) is its maximum. A header
# line may hold 8 KiB plus its CRLF, and 8 KiB holds at most 2048 header lines ("a:" CRLF).
limit_request_line = 8190
limit_request_field_size = 8192 + 2
limit_request_fields = 4096


def post_worker_init(worker):
    """The line run.sh's callers wait for: the app is loaded and the socket is listening."""
    host, port = worker.sockets[0].getsockname()[:2]
    print(f"django-server: ready on http://{host}:{port}", flush=True)
