"""The offline scan finds every kind of outside load and lets links and namespaces be."""

from __future__ import annotations

from pathlib import Path

from asit.offline import external_loads_in_css, external_loads_in_html, external_loads_in_js, find_external_loads


def test_html_loads_are_found_and_links_are_not() -> None:
    html = (
        '<a href="https://example.org/page">a link is not a load</a>'
        '<script src="https://cdn.example.net/lib.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<link rel="canonical" href="https://example.org/">'
        '<img src="_static/local.png" srcset="https://img.example.com/a.png 2x">'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<script>const URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; // "https://in.comment"</script>'
        "<style>body { background: url(https://img.example.com/bg.png) }</style>"
    )
    assert external_loads_in_html(html) == [
        "<script src=https://cdn.example.net/lib.js>",
        "<link rel=stylesheet href=//fonts.example.com/css>",
        "<img srcset=https://img.example.com/a.png 2x>",
        "<style> url(https://img.example.com/bg.png)",
        "inline script: https://unpkg.com/thebe@0.8.2/lib/index.js",
    ]


def test_css_and_js() -> None:
    assert external_loads_in_css("@import 'https://x.example/a.css'; a { b: url('../local.woff2') }") == [
        "https://x.example/a.css"
    ]
    js = '/* see https://docs.example */ fetch("https://api.example/x"); const ns = "http://www.w3.org/2000/svg";'
    assert external_loads_in_js(js) == ["https://api.example/x"]


def test_site_scan_reports_file_and_load(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<script src="https://cdn.example.net/x.js"></script>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "ok.css").write_text("a { color: red }")
    assert find_external_loads(tmp_path) == ["page.html: <script src=https://cdn.example.net/x.js>"]
