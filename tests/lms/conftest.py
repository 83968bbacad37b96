"""LMS tests: the fixture course built once, exported as a SCORM package, unpacked and served on
127.0.0.1 beside a page that plays the LMS: ``scorm-again`` (from npm) as the SCORM 1.2 API
in the parent frame of the package's SCO page, keeping what the SCO committed (in the browser's
storage) so that a reload is a learner coming back.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asit.loader import Course, load_or_raise
from browser.conftest import REPO, _QuietHandler, _served, _site_dir

__all__ = ["_site_dir"]  # the browser tests' built sites, shared (chromium is tests/conftest.py's)

SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm12.js"

# The LMS page: the API in this window, the SCO in a frame, state kept across reloads the way an
# LMS keeps it across launches (status, score, location, suspend data; entry "resume").
HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
  var KEY = 'test-lms-saved';
  var saved = JSON.parse(localStorage.getItem(KEY) || 'null');
  window.API = new Scorm12API({ lmsCommitUrl: false, autocommit: false, logLevel: 5 });
  if (saved) {
    window.API.loadFromJSON({ suspend_data: saved.suspend_data,
      core: { lesson_status: saved.lesson_status, lesson_location: saved.lesson_location,
              entry: 'resume', score: saved.score } });
  }
  window.lmsCalls = [];
  function keep() {
    var cmi = JSON.parse(JSON.stringify(window.API.cmi));
    localStorage.setItem(KEY, JSON.stringify({ suspend_data: cmi.suspend_data,
      lesson_status: cmi.core.lesson_status, lesson_location: cmi.core.lesson_location, score: cmi.core.score }));
  }
  ['LMSInitialize', 'LMSCommit', 'LMSFinish'].forEach(function (name) {
    window.API.on(name, function () { window.lmsCalls.push(name); if (name !== 'LMSInitialize') keep(); });
  });
  window.lmsState = function () { return JSON.parse(JSON.stringify(window.API.cmi)); };
</script></head>
<body><iframe id="sco" style="width:100%;height:95vh" title="SCO"></iframe>
<script>
  document.getElementById('sco').src = '../pkg/asit-sco/' + new URLSearchParams(location.search).get('sco') + '.html';
</script></body></html>
"""


@dataclass
class Package:
    """A SCORM package unpacked and served, with the test LMS beside it."""

    course: Course
    zip_path: Path
    url: str  # the server's root, ends with "/"

    @property
    def package_url(self) -> str:
        return self.url + "pkg/"

    def lms_url(self, module: str) -> str:
        return f"{self.url}lms/index.html?sco={module}"


def export_scorm(root: Path) -> Path:
    command = [sys.executable, "-m", "asit.cli", "--root", str(root), "export", "scorm"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"asit export scorm failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return root / "_build" / "scorm" / "asit-thb-scorm12.zip"


@pytest.fixture(scope="session")
def built_fixture(_site_dir: Path) -> Path:
    """The fixture course, checked and built (the book) once per run, shared with the browser tests
    (the packages these tests export go to its ``_build/scorm``, beside the site they read)."""
    return _served("fixture", _site_dir).root


def _serve_package(root: Path, served: Path) -> tuple[Package, http.server.ThreadingHTTPServer]:
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is missing: run npm ci (scripts/setup.sh does)", pytrace=False)
    zip_path = export_scorm(root)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(served / "pkg")
    (served / "lms").mkdir()
    shutil.copy(SCORM_AGAIN, served / "lms" / "scorm12.js")
    (served / "lms" / "index.html").write_text(HARNESS, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name=f"serve-scorm-{root.name}", daemon=True).start()
    return Package(load_or_raise(root), zip_path, f"http://127.0.0.1:{server.server_port}/"), server


@pytest.fixture(scope="session")
def scorm_package(built_fixture: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    """The fixture course's package, served with the test LMS."""
    package, server = _serve_package(built_fixture, tmp_path_factory.mktemp("served"))
    yield package
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def real_scorm_package(_site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    """The real course's package (its book built once per session, shared with the browser tests)."""
    package, server = _serve_package(_served("real", _site_dir).root, tmp_path_factory.mktemp("served-real"))
    yield package
    server.shutdown()
    server.server_close()


def content_frame(page: Any, package: Package) -> Any:
    """The frame that shows the module's pages (inside the SCO page)."""
    for frame in page.frames:
        if frame.url.startswith(package.package_url) and "/asit-sco/" not in frame.url:
            return frame
    raise AssertionError(f"no content frame among {[f.url for f in page.frames]}")
