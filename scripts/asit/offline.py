"""Find anything a built site would load from outside itself.

Academy networks are often closed, so the course must work with no internet: every
script, style, font and image comes from the site. This scans the built HTML, CSS and JS
for addresses that a browser would fetch. Links a reader may follow (``<a href>``) are
not loads and are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
# Namespace identifiers (XML namespaces, xAPI verbs and activity types) look like addresses
# but are never fetched.
NOT_FETCHED = ("http://www.w3.org/", "https://www.w3.org/", "http://adlnet.gov/expapi/")
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
LOADING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.DOTALL)
JS_URL_STRING = re.compile(r"""['"`]((?:https?:)?//[^'"`\s]+)""", re.IGNORECASE)


def _remote(url: str) -> bool:
    url = url.strip()
    return bool(REMOTE.match(url)) and not url.startswith(NOT_FETCHED)


class _LoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            for url in values.get(name, "").split(","):
                if _remote(url.strip().split(" ")[0]):
                    self.found.append(f"<{tag} {name}={url.strip()}>")
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and LOADING_RELS & rels and _remote(values.get("href", "")):
            self.found.append(f"<link rel={values.get('rel')} href={values.get('href')}>")
        if "style" in values:
            self.found += [f"style attribute url({u})" for u in CSS_URL.findall(values["style"]) if _remote(u)]
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"<style> url({u})" for u in CSS_URL.findall(data) if _remote(u)]


def external_loads_in_html(text: str) -> list[str]:
    finder = _LoadFinder()
    finder.feed(text)
    # Inline scripts: any remote address in their code (comments aside) could be fetched.
    for script in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, re.DOTALL | re.IGNORECASE):
        finder.found += [f"inline script: {u}" for u in external_loads_in_js(script)]
    return finder.found


def external_loads_in_css(text: str) -> list[str]:
    return [url for url in CSS_URL.findall(text) if _remote(url)]


def external_loads_in_js(text: str) -> list[str]:
    code = JS_COMMENT.sub("", text)
    return [url for url in JS_URL_STRING.findall(code) if _remote(url)]


def find_external_loads(site: Path) -> list[str]:
    """Every place in a built site that would make a request outside it, as 'file: what'."""
    problems: list[str] = []
    checks = {".html": external_loads_in_html, ".css": external_loads_in_css, ".js": external_loads_in_js}
    for path in sorted(site.rglob("*")):
        check = checks.get(path.suffix)
        if check is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += [f"{path.relative_to(site).as_posix()}: {what}" for what in check(text)]
    return problems
