"""Safe YAML reading that keeps the line of every key and item.

``yaml.safe_load`` forgets where things were; authors need ``file:line``. This composes the
node tree with the safe loader and builds plain Python data beside a map from key path to
line, so any later error can point at the line that caused it.

Course content is plain data written out in full, so the YAML features that only serve to
repeat or build structures are refused with their line before anything is built: anchors
and aliases (which allow self-reference and exponential expansion), custom tags, nesting
deeper than ``MAX_DEPTH`` and numbers longer than ``MAX_NUMBER_CHARS``. Every failure is a
``YamlReadError`` with a line, never an exception from deep inside the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import KeyPath


class YamlReadError(Exception):
    """The file is not valid YAML, or uses a construct content may not use."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


@dataclass
class LocatedData:
    """Plain data plus the 1-based line of each key path (the file's first line for the root)."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int:
        """The line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


# Course files nest about eight levels deep; a hundred leaves room and keeps recursion shallow.
MAX_DEPTH = 100
# No number in course content (points, days, tolerances) needs more characters than this.
MAX_NUMBER_CHARS = 40

PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)


NUMBER_TAGS = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))


def _build(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], loader: yaml.SafeLoader) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlReadError(node.start_mark.line + 1, f"the tag {shown} is not allowed in course content")
    if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        raise YamlReadError(
            node.start_mark.line + 1, f"a number of {len(node.value)} characters is longer than content needs"
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            if not isinstance(key, (str, int, float, bool)):
                raise YamlReadError(key_node.start_mark.line + 1, "a key must be a plain value")
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise YamlReadError(key_node.start_mark.line + 1, f'the key "{key}" appears twice')
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            items.append(_build(item, child, lines, loader))
        return items
    return _scalar(node, loader)


def _scalar(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """One value; a value its tag cannot hold (the date 2024-13-45) is a problem at its line."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlReadError(node.start_mark.line + 1, "a key must be a plain value")
    if node.tag not in PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlReadError(node.start_mark.line + 1, f"the tag {shown} is not allowed in course content")
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        raise YamlReadError(node.start_mark.line + 1, f"invalid value {node.value!r}: {exc}") from None


# libyaml's parser, when PyYAML has it, is several times faster; errors are always reported
# by the pure-Python parser, whose messages the course's error corpus fixes word for word.
FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _compose_fast(text: str) -> yaml.Node | None:
    """The node tree through libyaml, or None when it finds a problem (or is absent)."""
    if FAST_LOADER is None:
        return None
    loader = FAST_LOADER(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _refuse_repetition_and_depth(text: str, loader_class: type[yaml.SafeLoader] | None = FAST_LOADER) -> None:
    """Refuse anchors, aliases and deep nesting, reading parse events only (no structure built).

    On any problem libyaml's scan is repeated by the pure-Python parser, which reads no
    further ahead than it must (libyaml stops at its own nesting limit before an event says
    so); a syntax error there stops the scan silently: the full parse reports it.
    """
    if loader_class is None:
        loader_class = yaml.SafeLoader
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        raise YamlReadError(_reader_line(text, exc), _reader_message(exc)) from None
    except UnicodeError:
        if loader_class is yaml.SafeLoader:
            raise YamlReadError(1, "the text cannot be encoded as UTF-8") from None
        _refuse_repetition_and_depth(text, yaml.SafeLoader)
        return
    depth = 0
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event: yaml.Event = loader.get_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                raise YamlReadError(
                    line, f'the alias "*{event.anchor}" is not allowed in course content: write the value out in full'
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlReadError(
                    line, f'the anchor "&{anchor}" is not allowed in course content: write each value out in full'
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlReadError(line, f"the data nests deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.reader.ReaderError as exc:
        raise YamlReadError(_reader_line(text, exc), _reader_message(exc)) from None
    except yaml.YAMLError:
        if loader_class is not yaml.SafeLoader:
            loader.dispose()
            _refuse_repetition_and_depth(text, yaml.SafeLoader)
        return
    finally:
        loader.dispose()


def _reader_line(text: str, exc: yaml.reader.ReaderError) -> int:
    return text.count("\n", 0, max(0, exc.position)) + 1


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    """``invalid YAML: the character U+0000 is not allowed`` (a NUL, a bell, a stray control byte)."""
    code = ord(exc.character) if isinstance(exc.character, str) else exc.character
    return f"invalid YAML: the character U+{code:04X} is not allowed (YAML allows only printable characters)"


def read_yaml(text: str) -> LocatedData:
    """Parse one YAML document safely; raise ``YamlReadError`` with a line on any error."""
    _refuse_repetition_and_depth(text)
    node = _compose_fast(text)
    if node is not None:
        return _located(node)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlReadError(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        raise YamlReadError(_reader_line(text, exc), _reader_message(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        return LocatedData(data=None, lines={(): 1})
    return _located(node)


def _located(node: yaml.Node) -> LocatedData:
    """Plain data and the line of every key path, from a composed node tree."""
    lines: dict[KeyPath, int] = {}
    builder = yaml.SafeLoader("")
    try:
        data = _build(node, (), lines, builder)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlReadError(mark.line + 1 if mark else 1, f"invalid YAML: {exc.problem}") from None

    return LocatedData(data=data, lines=lines)
