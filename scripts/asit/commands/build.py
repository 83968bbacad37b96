"""``asit build`` and ``asit serve``: the book, built strict and offline, and a local look at it."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from typing import Any

from ..build import BookBuildFailed, Timings, build_book, generate


def register(sub: Any) -> None:
    build = sub.add_parser("build", help="check the content, generate pages and build the book into _build/html")
    build.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    build.add_argument("--no-book", action="store_true", help="generate sources only; skip the Jupyter Book build")
    build.set_defaults(handler=run_build)
    serve = sub.add_parser("serve", help="serve the built book on 127.0.0.1 for a local look")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=run_serve)


def run_build(args: argparse.Namespace) -> int:
    timings = Timings()
    course = generate(args.root, timings)
    print(f"checked and generated {len(course.modules)} modules in {sum(timings.steps.values()):.2f} s")
    if args.no_book:
        return 0
    try:
        site = build_book(args.root, rebuild_all=args.all)
    except BookBuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"the book is in {site}; open {site / 'index.html'} or run: asit serve")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    site = args.root / "_build" / "html"
    if not (site / "index.html").is_file():
        print("error: no built book in _build/html; run: asit build", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {site} on http://127.0.0.1:{args.port}/ (Ctrl+C stops)")
        server.serve_forever()
    return 0
