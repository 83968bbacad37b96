"""Mutations of real content files for the fuzz tests: what a careless or hostile edit can make.

Each mutation takes a file's text and a seeded random source and returns new bytes plus a
short name, so a failing case can be replayed from its seed. Three families: edits of the
text (lines lost, doubled, re-indented, cut short, odd characters), YAML features course
content refuses (anchors, aliases, recursion, billion laughs, deep nesting, tags, several
documents) and edits of the data (a value of the wrong type, a key lost or added, a list
item doubled, numbers too large to be real).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import yaml

Mutation = Callable[[str, random.Random], bytes]

ODD_CHARACTERS = [":", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "#", "%", "@", "`", ",", "?"]
HOSTILE_CHARACTERS = ["\t", "\x00", "\x07", "\x1b", "\ufeff", "\u2028", "\r", "\\", "\ud7ff"]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or ["\n"]


def delete_line(text: str, rng: random.Random) -> bytes:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "".join(lines).encode()


def duplicate_line(text: str, rng: random.Random) -> bytes:
    """A doubled line is most often a duplicate key."""
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "".join(lines).encode()


def swap_lines(text: str, rng: random.Random) -> bytes:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "".join(lines).encode()


def reindent_line(text: str, rng: random.Random) -> bytes:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    indent = rng.choice(["", " ", "   ", "\t", " \t", "        "])
    lines[index] = indent + lines[index].lstrip(" ")
    return "".join(lines).encode()


def truncate(text: str, rng: random.Random) -> bytes:
    return text[: rng.randrange(len(text) + 1)].encode()


def insert_character(text: str, rng: random.Random) -> bytes:
    at = rng.randrange(len(text) + 1)
    char = rng.choice(ODD_CHARACTERS + HOSTILE_CHARACTERS)
    return (text[:at] + char * rng.choice([1, 1, 2, 5]) + text[at:]).encode("utf-8", "surrogatepass")


def invalid_utf8(text: str, rng: random.Random) -> bytes:
    data = text.encode()
    at = rng.randrange(len(data) + 1)
    junk = rng.choice([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\xf8\x88\x80\x80\x80", b"\x80"])
    return data[:at] + junk + data[at:]


def crlf_and_bom(text: str, rng: random.Random) -> bytes:
    out = text.replace("\n", "\r\n") if rng.random() < 0.5 else text
    return ("\ufeff" + out if rng.random() < 0.5 else out).encode()


def _append(text: str, block: str) -> bytes:
    return (text.rstrip("\n") + "\n" + block).encode()


def recursive_alias(text: str, rng: random.Random) -> bytes:
    block = rng.choice(["zz_loop: &loop [*loop]\n", "zz_loop: &loop {a: *loop}\n", "zz_loop: &loop\n  - *loop\n"])
    return _append(text, block)


def billion_laughs(text: str, rng: random.Random) -> bytes:
    levels = ["zz_a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, rng.randint(3, 9)):
        prev = chr(ord("a") + n - 1)
        levels.append(f"zz_{chr(ord('a') + n)}: &{chr(ord('a') + n)} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return _append(text, "\n".join(levels) + "\n")


def alias_of_existing_value(text: str, rng: random.Random) -> bytes:
    """An author's shortcut: anchor one value and reuse it elsewhere."""
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.rstrip().endswith(":")]
    if not keyed:
        return _append(text, "zz: &x 1\nzy: *x\n")
    index = rng.choice(keyed)
    key, _, value = lines[index].partition(": ")
    lines[index] = f"{key}: &shared {value}"
    return ("".join(lines).rstrip("\n") + "\nzz_again: *shared\n").encode()


def deep_nesting(text: str, rng: random.Random) -> bytes:
    depth = rng.choice([99, 101, 1000, 1001, 5000, 50000])
    style = rng.choice(["flow-seq", "flow-map", "block", "unclosed"])
    if style == "flow-seq":
        block = "zz_deep: " + "[" * depth + "]" * depth + "\n"
    elif style == "flow-map":
        block = "zz_deep: " + "{a: " * depth + "1" + "}" * depth + "\n"
    elif style == "unclosed":
        block = "zz_deep: " + "[" * depth + "\n"
    else:
        depth = min(depth, 3000)
        block = "zz_deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * (depth + 1) + "x\n"
    return _append(text, block)


def hostile_tag(text: str, rng: random.Random) -> bytes:
    tag = rng.choice(
        [
            "!!python/object/apply:os.system ['touch /tmp/asit-fuzz-ran']",
            "!!python/name:os.system",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!custom 3",
            "!!timestamp 2024-99-99",
            "!!int 12abc",
            "!!float x",
        ]
    )
    return _append(text, f"zz_tag: {tag}\n")


def several_documents(text: str, rng: random.Random) -> bytes:
    return rng.choice([_append(text, "---\nzz: 1\n"), ("%YAML 1.1\n---\n" + text).encode(), b"", b"# only a comment\n"])


def top_level_not_a_mapping(text: str, rng: random.Random) -> bytes:
    return rng.choice([b"- a\n- b\n", b"just text\n", b"42\n", b"null\n", b"[]\n", b"{}\n", b"~\n"])


# --- edits of the data: parse, change one place, dump -----------------------------------

WRONG_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**30,
    int("9" * 39),
    1.5,
    float("inf"),
    float("-inf"),
    float("nan"),
    "",
    "x" * 20000,
    "<script>alert(1)</script>",
    "{{ 1 }}",
    "../../../etc/passwd",
    [],
    [None],
    {},
    {"zz": 1},
    "2024-13-45",
    "1e999",
]


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _places(value, (*path, index))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _plain_data(text: str) -> Any:
    """The file's data, refusing aliases: expanding a stacked billion-laughs here would eat the memory."""
    if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
        raise ValueError("aliases: no plain data to edit")
    return yaml.safe_load(text)


def _data_edit(text: str, rng: random.Random, edit: Callable[[Any, tuple[Any, ...], random.Random], None]) -> bytes:
    data = _plain_data(text)
    places = [p for p in _places(data) if p]
    if not places:
        return text.encode()
    edit(data, rng.choice(places), rng)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100000).encode("utf-8", "surrogatepass")


def _wrong_type(data: Any, path: tuple[Any, ...], rng: random.Random) -> None:
    _get(data, path[:-1])[path[-1]] = rng.choice(WRONG_VALUES)


def _drop(data: Any, path: tuple[Any, ...], rng: random.Random) -> None:
    del _get(data, path[:-1])[path[-1]]


def _add_key(data: Any, path: tuple[Any, ...], rng: random.Random) -> None:
    parent = _get(data, path[:-1])
    if isinstance(parent, dict):
        parent[rng.choice(["zz_unknown", "id", "points", "kind", "correct", "next", "sources"])] = rng.choice(
            WRONG_VALUES
        )
    else:
        parent.append(rng.choice(WRONG_VALUES))


def _double_item(data: Any, path: tuple[Any, ...], rng: random.Random) -> None:
    """Doubling a list item doubles its ids: the cross-file rules must name it."""
    parent = _get(data, path[:-1])
    if isinstance(parent, list):
        parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
    else:
        _wrong_type(data, path, rng)


def _copy_elsewhere(data: Any, path: tuple[Any, ...], rng: random.Random) -> None:
    """A value moved to another place of the same file (right syntax, wrong shape)."""
    target = rng.choice([p for p in _places(data) if p])
    _get(data, target[:-1])[target[-1]] = copy.deepcopy(_get(data, path))


def wrong_type(text: str, rng: random.Random) -> bytes:
    return _data_edit(text, rng, _wrong_type)


def drop_key(text: str, rng: random.Random) -> bytes:
    return _data_edit(text, rng, _drop)


def add_key(text: str, rng: random.Random) -> bytes:
    return _data_edit(text, rng, _add_key)


def double_item(text: str, rng: random.Random) -> bytes:
    return _data_edit(text, rng, _double_item)


def copy_elsewhere(text: str, rng: random.Random) -> bytes:
    return _data_edit(text, rng, _copy_elsewhere)


def huge_number(text: str, rng: random.Random) -> bytes:
    """A number written out by hand: as long as a line, or past what floats hold."""
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if line.rstrip().split(": ")[-1].strip("- ").isdigit()]
    number = rng.choice(["9" * 5000, "9" * 41, "1e999", "-1e999", ".nan", "0x" + "f" * 100, "1_000_000", "-0"])
    if not keyed:
        return _append(text, f"zz_points: {number}\n")
    index = rng.choice(keyed)
    head = lines[index].rstrip("\n").rsplit(" ", 1)[0]
    lines[index] = f"{head} {number}\n"
    return "".join(lines).encode()


MUTATIONS: dict[str, Mutation] = {
    "delete_line": delete_line,
    "duplicate_line": duplicate_line,
    "swap_lines": swap_lines,
    "reindent_line": reindent_line,
    "truncate": truncate,
    "insert_character": insert_character,
    "invalid_utf8": invalid_utf8,
    "crlf_and_bom": crlf_and_bom,
    "recursive_alias": recursive_alias,
    "billion_laughs": billion_laughs,
    "alias_of_existing_value": alias_of_existing_value,
    "deep_nesting": deep_nesting,
    "hostile_tag": hostile_tag,
    "several_documents": several_documents,
    "top_level_not_a_mapping": top_level_not_a_mapping,
    "wrong_type": wrong_type,
    "drop_key": drop_key,
    "add_key": add_key,
    "double_item": double_item,
    "copy_elsewhere": copy_elsewhere,
    "huge_number": huge_number,
}


NOT_STACKED_ON = {"deep_nesting"}


def mutate(text: str, rng: random.Random) -> tuple[str, bytes]:
    """One random mutation (sometimes two stacked): its name and the new file's bytes."""
    name = rng.choice(sorted(MUTATIONS))
    out = MUTATIONS[name](text, rng)
    # A second mutation edits the first one's data, which can mean parsing it: never on data
    # nested thousands deep, where the parse alone takes minutes (the check refuses it at once).
    if rng.random() < 0.15 and name not in NOT_STACKED_ON:
        second = rng.choice(sorted(MUTATIONS))
        try:
            again = out.decode("utf-8")
        except UnicodeDecodeError:
            return name, out
        try:
            out = MUTATIONS[second](again, rng)
            name = f"{name}+{second}"
        except (yaml.YAMLError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            pass  # the first mutation left no data the second can edit: keep the first alone
    return name, out
