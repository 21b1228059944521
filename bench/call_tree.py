"""Where a page's Python calls go: ``python -m bench.call_tree --db postgres --only "case detail" [--top 40]``.

A count, not a time (the same on any machine, issue #22): one request of each chosen benchmark page runs
under ``sys.setprofile``; every Python or C call is counted once for **each** template node and each Sigap
function on the stack when it was made (inclusive counts). So ``{% include "x.html" %}`` shows what the whole
include costs, and the nodes inside it show its parts. Nodes are named by template, line and tag text.
The pages and personas are the benchmark's (``bench.scenarios``), on data already generated.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from types import FrameType
from typing import Any

from bench.cpu_pages import in_process, requester
from bench.run import ROOT


def count_calls(hit: Any) -> tuple[int, Counter[str], Counter[str]]:
    """``hit()`` once under a profiler: total calls, inclusive calls per template node, per Sigap function."""
    from django.template.base import Node

    node_code = Node.render_annotated.__code__
    root = str(ROOT / "sigap")
    nodes: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = [0]

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event not in ("call", "c_call"):
            return
        total[0] += 1
        seen: set[str] = set()
        current: FrameType | None = frame
        while current is not None:
            code = current.f_code
            if code is node_code:
                node = current.f_locals.get("self")
                token = getattr(node, "token", None)
                if token is not None:
                    origin = getattr(node, "origin", None)
                    name = getattr(origin, "template_name", None) or "?"
                    key = f"{name}:{token.lineno} {{% {token.contents[:70]} %}}"
                    if key not in seen:
                        seen.add(key)
                        nodes[key] += 1
            elif code.co_filename.startswith(root):
                key = f"{code.co_filename[len(root) + 1 :]}:{code.co_name}"
                if key not in seen:
                    seen.add(key)
                    functions[key] += 1
            current = current.f_back

    sys.setprofile(profile)
    try:
        hit()
    finally:
        sys.setprofile(None)
    return total[0], nodes, functions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres", choices=["sqlite", "postgres"])
    parser.add_argument("--preset", default="10k")
    parser.add_argument("--only", required=True, help="The benchmark pages whose name contains this text.")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    prep, pages = in_process(args.db, args.preset)
    for scenario in (s for s in pages if args.only in s.name):
        hit = requester(prep, scenario)
        for _ in range(3):  # warm-up: imports, templates, kept compiles
            hit()
        total, nodes, functions = count_calls(hit)
        print(f"\n== {scenario.name}: {total} calls")
        print("-- template nodes (inclusive calls)")
        for key, calls in nodes.most_common(args.top):
            print(f"{calls:>7}  {key}")
        print("-- Sigap functions (inclusive calls)")
        for key, calls in functions.most_common(args.top):
            print(f"{calls:>7}  {key}")


if __name__ == "__main__":
    main()
