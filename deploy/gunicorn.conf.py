"""gunicorn settings of a production Sigap server: ``gunicorn sigap.wsgi --config deploy/gunicorn.conf.py``.

Search terms (a name, a NIK) travel in the query string of GET requests. The access log therefore
writes the path without it (``%(U)s``, never the request line ``%(r)s`` or the query ``%(q)s``), and no
Referer (``%(f)s``), which carries the query string of the page before. See docs/operations.md.
Command-line options override these (e.g. ``--workers 8``).
"""

bind = "127.0.0.1:8000"  # behind the reverse proxy (deploy/nginx.conf.example)
workers = 4
timeout = 60
accesslog = "-"  # standard output: the service manager's journal
errorlog = "-"
loglevel = "info"
# address, time, method, path (no query string), protocol, status, bytes, microseconds, user agent
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)s "%(a)s"'
