"""Safe YAML reading that keeps the line of every key and item.

``yaml.safe_load`` forgets where things were; authors need ``file:line``. This composes the
node tree with the safe loader and builds plain Python data beside a map from key path to
line, so any later error can point at the line that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import KeyPath


class YamlProblem(Exception):
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


PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)


def _build(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], loader: yaml.SafeLoader) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(node.start_mark.line + 1, f"the tag {shown} is not allowed in course content")
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, (str, int, float, bool)):
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain value")
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, f'the key "{key}" appears twice')
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
    return loader.construct_object(node, deep=True)


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


def read_yaml(text: str) -> LocatedData:
    """Parse one YAML document safely; raise ``YamlProblem`` with a line on any error."""
    node = _compose_fast(text)
    if node is not None:
        return _located(node)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None
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
        raise YamlProblem(mark.line + 1 if mark else 1, f"invalid YAML: {exc.problem}") from None
    return LocatedData(data=data, lines=lines)
