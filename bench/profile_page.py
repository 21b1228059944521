"""Where does a page's time go? ``python -m bench.profile_page /kasus/ --as syn001_head [--db postgres]``.

Runs the page in-process (same settings as ``make bench``) ``--times`` times under cProfile and prints
the split between SQL (count and time), template rendering and the rest, then the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time

from bench.run import OUT, PG_BASE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", default="syn001_head")
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--preset", default="10k")
    parser.add_argument("--times", type=int, default=30)
    args = parser.parse_args()
    os.environ.update(SIGAP_ENV="development", SIGAP_DEBUG="0", DJANGO_SETTINGS_MODULE="bench.settings")
    if args.db == "postgres":
        os.environ["DATABASE_URL"] = PG_BASE if args.preset == "10k" else f"{PG_BASE}_{args.preset}"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SIGAP_SQLITE_PATH"] = str(OUT / f"sigap_bench_{args.preset}.sqlite3")
    import django

    django.setup()
    from django.db import connection
    from django.template import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sigap.accounts.models import User

    user = User.objects.get(username=args.username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.get(args.path)  # warm-up: imports, template loading

    render_time, depth = [0.0], [0]
    original = Template.render

    def timed_render(self, context):  # type: ignore[no-untyped-def]
        # Included templates render inside the outer one: count the outermost only.
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                render_time[0] += time.perf_counter() - started

    Template.render = timed_render  # type: ignore[method-assign]
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.times):
            assert client.get(args.path).status_code == 200
        profiler.disable()
        total = time.perf_counter() - started
    Template.render = original  # type: ignore[method-assign]
    sql = sum(float(q["time"]) for q in queries.captured_queries)
    n = args.times
    print(
        f"{args.path}: {total / n * 1000:.1f} ms per request; SQL {len(queries.captured_queries) / n:.0f} queries "
        f"{sql / n * 1000:.1f} ms; template render (outermost) {render_time[0] / n * 1000:.1f} ms "
        "(includes lazy queries run from the template)"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(35)
    print(out.getvalue())


if __name__ == "__main__":
    main()
