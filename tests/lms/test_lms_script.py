"""asit-lms.js: parses, loads nothing (its xAPI addresses are identifiers, and the LRS is only
ever the one a launch names), stays in the player's ES2017, and is served on every page before
the player so that its hook is in place when the player starts."""

from __future__ import annotations

import re
import shutil
import subprocess

from asit.offline import external_loads_in_js
from asit.sphinx_ext import STATIC

SCRIPT = STATIC / "asit-lms.js"


def test_it_parses() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed (scripts/setup.sh uses its npm)"
    result = subprocess.run([node, "--check", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_it_loads_nothing_and_is_es2017() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert external_loads_in_js(text) == []
    code = re.sub(r"'(?:[^'\\\n]|\\.)*'", "''", text)
    for newer in ["?.", "??", "import(", "import ", "export "]:
        assert newer not in code, f"{newer!r} is newer than ES2017"


def test_the_player_tells_it_what_happens() -> None:
    player = (STATIC / "asit-player.js").read_text(encoding="utf-8")
    for event in ("started", "answered", "finished"):
        assert f"emit('{event}'" in player, f"the player no longer announces {event!r}"
    assert "window.asitPlayerHooks" in player
