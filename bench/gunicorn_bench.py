"""gunicorn settings file for bench/bench_scale.py: marks a worker busy while it handles a
request (a file named after its pid in BENCH_BUSY_DIR), so the benchmark can wait until
the server has finished the requests wrk left behind before it measures the next page.
Nothing else is changed from gunicorn's defaults: the command line gives the rest."""

import os

_busy = os.environ.get("BENCH_BUSY_DIR", "")


def pre_request(worker, req):
    if _busy:
        with open(os.path.join(_busy, str(os.getpid())), "w"):
            pass


def post_request(worker, req, environ, resp):
    if _busy:
        try:
            os.unlink(os.path.join(_busy, str(os.getpid())))
        except FileNotFoundError:
            pass
