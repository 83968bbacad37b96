"""Text answers that would run or load something if a page showed them as HTML, and a checker.

Every payload calls ``__asitHit`` (a browser test counts the calls) or asks for a marker
address on 127.0.0.1 (a browser test counts the requests). ``active_markup`` lists what
in a page could run or load: script elements, event-handler attributes, frames, objects,
``javascript:`` addresses and anything loaded from an address (``data:`` excepted).
"""

from __future__ import annotations

from html.parser import HTMLParser

MARKER = "http://127.0.0.1:9/asit-marker"
PAYLOADS = (
    '<img src=x onerror="__asitHit(1)">',
    '<svg onload="__asitHit(2)"><circle r="1"/></svg>',
    "<script>__asitHit(3)</script>",
    '<iframe srcdoc="<script>parent.__asitHit(4)</script>"></iframe>',
    "[open the file](javascript:__asitHit(5))",
    f"![a picture]({MARKER}/image.png)",
    '<a href="javascript:__asitHit(6)">a link</a>',
    '<details open ontoggle="__asitHit(7)"><summary>x</summary></details>',
    f'<style>@import "{MARKER}/style.css";</style>',
    '<object data="javascript:__asitHit(8)"></object>',
    f'<embed src="{MARKER}/embed">',
    '<meta http-equiv="refresh" content="0;url=javascript:__asitHit(9)">',
    '<math><mtext><table><mglyph><style><img src=x onerror="__asitHit(10)">',
    '<body onload="__asitHit(11)">',
    f'<video><source onerror="__asitHit(12)" src="{MARKER}/v.mp4"></video>',
    "<!-- a comment --><b onmouseover=__asitHit(13)>bold</b>",
    "$\\href{javascript:__asitHit(14)}{maths}$",
    '<form action="javascript:__asitHit(15)"><button>send</button></form>',
)
HOSTILE_TEXT = "My answer.\n\n" + "\n\n".join(PAYLOADS) + "\n\n```\nfenced ~~~~\n```\nThe end."
LOADING_ATTRIBUTES = ("src", "srcdoc", "data", "href", "action", "formaction", "poster", "background", "xlink:href")
ACTIVE_TAGS = ("script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "svg", "math")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.found.append("<meta refresh>")
            if name in LOADING_ATTRIBUTES:
                lowered = value.lower()
                script = lowered.startswith(("javascript:", "vbscript:", "data:text/html"))
                loads = name != "href" and not lowered.startswith(("data:image/", "#"))
                if script or loads:
                    self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "style":
            self.found.append("<style> (checked below)")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style" and ("@import" in data or "url(" in data):
            self.found.append("@import or url() in a style")


def active_markup(page: str) -> list[str]:
    """What in ``page`` could run a script or load something (the page's own inline style aside)."""
    scan = _Scan()
    scan.feed(page)
    scan.close()
    return [item for item in scan.found if item != "<style> (checked below)"]
