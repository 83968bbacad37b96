"""``asit build`` and ``asit serve``: the book, built strict and offline, and a local look at it."""

from __future__ import annotations

import argparse
import functools
import http.server
from typing import Any

from ..build import BookBuildError, Timings, build_book, generate
from ..output import logger_for

log = logger_for(__name__)


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
    log.info("checked and generated %d modules in %.2f s", len(course.modules), sum(timings.steps.values()))
    for step, seconds in timings.steps.items():
        log.debug("  %s: %.2f s", step, seconds)
    if args.no_book:
        return 0
    try:
        site = build_book(args.root, rebuild_all=args.all)
    except BookBuildError as exc:
        log.error("error: %s", exc)
        return 1
    log.info("the book is in %s; open %s or run: asit serve", site, site / "index.html")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    site = args.root / "_build" / "html"
    if not (site / "index.html").is_file():
        log.error("error: no built book in _build/html; run: asit build")
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        log.info("serving %s on http://127.0.0.1:%d/ (Ctrl+C stops)", site, args.port)
        server.serve_forever()
    return 0
