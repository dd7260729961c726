"""Safe YAML reading that keeps a position for every value.

PyYAML's safe constructor drops positions, keeps the last of two duplicate keys silently,
turns ``2021-02-29`` into a ``ValueError`` with no line, and reads ``no``/``on`` as booleans
(the "Norway problem"). So we compose the node graph with the (C when available) safe
parser and build plain Python values ourselves:

* only the standard scalar tags, maps and sequences are accepted; any other tag is refused;
* dates stay strings (the models parse them and report bad ones with a position);
* only ``true``/``false`` are booleans;
* duplicate keys, excessive nesting and alias expansion ("billion laughs") are errors.

A data file is almost always plain maps, lists and scalars. Those are built straight from the
parser's events (``_common_value``), which is quicker and holds no node graph (a large file's
nodes and their marks took more memory than its values). Anything else, from an anchor or a
tag to a duplicate key or a syntax error, and every read that records positions, goes the
composing way, which alone decides every problem and message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
# Aliases may repeat a value, but not explode it: the document, with aliases expanded, may
# hold at most this many values more than it has distinct nodes.
MAX_ALIAS_GROWTH = 100_000

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag not in (_TIMESTAMP, _BOOL)]
        if kept:
            table[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).insert(0, (_BOOL, strict_bool))
    return table


class _Loader(_BaseLoader):  # type: ignore[misc]
    yaml_implicit_resolvers = _resolvers()


_scalars = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {
    _INT: _scalars.construct_yaml_int,
    _FLOAT: _scalars.construct_yaml_float,
    _BOOL: _scalars.construct_yaml_bool,
}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    position: Position
    path: Path_
    message: str


@dataclass
class ParsedYaml:
    """A YAML document as plain values plus the position of every value by its path."""

    value: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    # Problems that leave the rest of the document readable (a duplicate key keeps its first
    # value, a refused tag becomes null); reported together with the schema's errors.
    problems: list[YamlProblem] = field(default_factory=list)

    def position_of(self, path: Path_) -> Position:
        """The position of ``path``, or of the closest enclosing value that exists."""
        probe = tuple(path)
        while probe:
            found = self.positions.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return self.positions.get((), Position(1, 1))


class YamlReadError(Exception):
    """Every problem found while reading one file."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _pos(mark: Any) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlReadError(
            [
                YamlProblem(
                    Position(line, column),
                    (),
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"^ {{{MAX_DEPTH * 8 + 1},}}\S", re.MULTILINE)
# "- - - 1" nests on one line, with neither a bracket nor indentation to count.
_COMPACT_NESTING = re.compile(rf"(?:[-?:][ \t]+){{{MAX_DEPTH},}}")


def _line_column(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return Position(line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _check_tabs(text: str) -> None:
    found = _TAB_INDENT.search(text)
    if found:
        raise YamlReadError(
            [
                YamlProblem(
                    _line_column(text, found.end() - 1),
                    (),
                    "a tab is used for indentation; YAML allows spaces only",
                )
            ]
        )


def _check_depth(text: str) -> None:
    # The composers recurse once per nesting level (the C one without a guard), so a
    # hostile 10 000-deep file must be refused before it reaches them. Flow brackets and
    # indentation are counted here, which bounds their depth from above; compact entries on
    # one line ("- - -") are counted before composing (``_check_compact_depth``).
    depth = 0
    for found in _BRACKETS.finditer(text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlReadError(
                    [
                        YamlProblem(
                            _line_column(text, found.start()),
                            (),
                            f"nesting is deeper than {MAX_DEPTH} levels",
                        )
                    ]
                )
        else:
            depth = max(0, depth - 1)
    deep = _DEEP_INDENT.search(text)
    if deep:
        raise YamlReadError(
            [
                YamlProblem(
                    _line_column(text, deep.start()),
                    (),
                    "indentation is too deep to be a data file",
                )
            ]
        )


def _check_compact_depth(text: str) -> None:
    if not _COMPACT_NESTING.search(text):
        return
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlReadError(
                        [
                            YamlProblem(
                                _pos(event.start_mark),
                                (),
                                f"nesting is deeper than {MAX_DEPTH} levels",
                            )
                        ]
                    )
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported by the reading itself
    finally:
        loader.dispose()


def parse_text(text: str, positions: bool = True) -> ParsedYaml:
    """Parse one document. ``positions=False`` skips recording where each value is (faster,
    and far less memory on a large file); problems still carry their own positions."""
    _check_tabs(text)
    _check_depth(text)
    if not positions:
        try:
            return ParsedYaml(value=_common_value(text))
        except (_NotCommon, yaml.YAMLError):
            pass
    return _composed(text, positions)


def compose_text(text: str, positions: bool = True) -> ParsedYaml:
    """``parse_text`` by composing the node graph first: the way that handles every document
    and reports every problem. ``parse_text`` gives the same result, often sooner."""
    _check_tabs(text)
    _check_depth(text)
    return _composed(text, positions)


def _composed(text: str, positions: bool) -> ParsedYaml:
    # Here, not with the other checks: the events way counts its own depth and leaves a
    # deep document to this one, so a common file never pays for the search.
    _check_compact_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlReadError([YamlProblem(_pos(mark), (), f"YAML syntax: {message}")]) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, a control character): where it is, on one
        # line. The reader's own position counts differently from the text's characters.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        raise YamlReadError(
            [
                YamlProblem(
                    _line_column(text, found.start() if found else exc.position),
                    (),
                    f"YAML: character U+{exc.character:04X} is not allowed "
                    "(control characters other than tab and line breaks)",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise YamlReadError([YamlProblem(Position(1, 1), (), f"YAML: {exc}")]) from None
    except RecursionError:
        raise YamlReadError(
            [YamlProblem(Position(1, 1), (), "nesting is too deep to be a data file")]
        ) from None
    finally:
        loader.dispose()
    parsed = ParsedYaml(value=None)
    if node is None:
        return parsed
    if "&" in text:  # no anchor, no alias: nothing can expand
        _check_alias_growth(node)
    builder = _Builder(parsed, positions)
    parsed.value = builder.build(node, (), 0)
    parsed.problems = builder.problems
    return parsed


def parse_bytes(raw: bytes, positions: bool = True) -> ParsedYaml:
    """Parse a data file's bytes: UTF-8 (a leading BOM is accepted), then ``parse_text``."""
    return parse_text(_decode(raw), positions)


def _check_alias_growth(root: Any) -> None:
    """Refuse a "billion laughs" document before expanding it.

    Composed nodes are shared where the document uses aliases, so the expanded size of every
    node can be summed once per distinct node (iteratively: no recursion on hostile input).
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # begun, their children not yet summed: the path down
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if not children_done and key in open_nodes:
            # Met again below itself: an alias to a collection it is inside ("&a [*a]"),
            # which no expansion can end.
            raise YamlReadError(
                [
                    YamlProblem(
                        _pos(node.start_mark),
                        (),
                        "an alias refers to a value it is part of; write the values out instead",
                    )
                ]
            )
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = (
            [part for pair in node.value for part in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if children_done:
            sizes[key] = 1 + sum(sizes.get(id(child), 0) for child in children)
            open_nodes.discard(key)
            continue
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    expanded = sizes[id(root)]
    if expanded > len(sizes) + MAX_ALIAS_GROWTH:
        raise YamlReadError(
            [
                YamlProblem(
                    _pos(root.start_mark),
                    (),
                    f"aliases expand this document to {expanded:,} values from {len(sizes):,} "
                    "('billion laughs'?); write the values out instead",
                )
            ]
        )


class _Builder:
    def __init__(self, parsed: ParsedYaml, positions: bool) -> None:
        self.parsed = parsed
        self.positions = positions
        self.problems: list[YamlProblem] = []

    def _problem(self, node: Any, path: Path_, message: str) -> None:
        self.problems.append(YamlProblem(_pos(node.start_mark), path, message))

    def build(self, node: Any, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise YamlReadError([YamlProblem(_pos(node.start_mark), path, "nesting is too deep")])
        if self.positions:
            self.parsed.positions.setdefault(path, _pos(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, path, f"the tag {node.tag!r} is not allowed here")
                return None
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: Any, path: Path_, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP:
            self._problem(node, path, f"the tag {node.tag!r} is not allowed here")
            return {}
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, "a mapping key must be a plain value")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, path, "merge keys ('<<') are not supported")
                continue
            key = self._scalar(key_node, path)
            try:
                hash(key)
            except TypeError:
                self._problem(key_node, path, "a mapping key must be a plain value")
                continue
            if key in first_seen:
                earlier = _pos(first_seen[key].start_mark)
                self._problem(
                    key_node,
                    (*path, key),
                    f"duplicate key {key!r} (first at line {earlier.line})",
                )
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: Any, path: Path_) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        construct = _CONSTRUCTORS.get(tag)
        if construct is None:
            self._problem(node, path, f"the tag {tag!r} is not allowed in a data file")
            return None
        try:
            return construct(node)
        except (ValueError, LookupError):  # LookupError: a tag with no value ("!!int")
            self._problem(node, path, f"{node.value!r} is not a valid {tag.rsplit(':', 1)[-1]}")
            return None


class _NotCommon(Exception):
    """The document holds something the event builder leaves to the composing way."""


_NO_KEY = object()


def _plain_resolvers() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    table = _Loader.yaml_implicit_resolvers
    anywhere = tuple(table.get(None, ()))
    return {first: (*entries, *anywhere) for first, entries in table.items() if first is not None}


_PLAIN_RESOLVERS = _plain_resolvers()
_PLAIN_ANYWHERE = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))


def _plain_tag(value: str) -> str | None:
    """The tag the composer would resolve a plain scalar to, unless it is a string."""
    for tag, pattern in _PLAIN_RESOLVERS.get(value[0] if value else "", _PLAIN_ANYWHERE):
        if pattern.match(value):
            return tag
    return None


def _common_scalar(event: Any) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _NotCommon
    value: str = event.value
    if not event.implicit[0]:  # quoted or a block: a string, as the composer resolves it
        return value
    tag = _plain_tag(value)
    if tag is None:
        return value
    if tag == _NULL:
        return None
    construct = _CONSTRUCTORS.get(tag)
    if construct is None:  # a merge key or another tag the composing way refuses
        raise _NotCommon
    try:
        return construct(yaml.ScalarNode(tag, value))
    except (ValueError, LookupError):
        raise _NotCommon from None


def _common_value(text: str) -> Any:
    """The document's value built from the parser's events, if it holds only untagged,
    unanchored maps, lists and scalars with unique keys and nothing the composing way would
    report; otherwise ``_NotCommon`` (or the parser's own error)."""
    loader = _Loader(text)
    try:
        next_event = loader.get_event
        next_event()  # the stream's start
        if type(next_event()) is StreamEndEvent:
            return None
        open_values: list[Any] = []  # the maps and lists being filled, innermost last
        keys: list[Any] = []  # for each of them, a map's key waiting for its value
        root: Any = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent:
                value = _common_scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _NotCommon
                if open_values and keys[-1] is _NO_KEY and type(open_values[-1]) is dict:
                    raise _NotCommon  # a map or a list as a key
                if len(open_values) >= MAX_DEPTH:
                    raise _NotCommon
                open_values.append({} if kind is MappingStartEvent else [])
                keys.append(_NO_KEY)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = open_values.pop()
                keys.pop()
            elif kind is DocumentEndEvent:
                break
            else:  # an alias
                raise _NotCommon
            if not open_values:
                root = value
                continue
            into = open_values[-1]
            if type(into) is list:
                into.append(value)
            elif keys[-1] is _NO_KEY:
                if value in into:
                    raise _NotCommon  # a duplicate key
                keys[-1] = value
            else:
                into[keys[-1]] = value
                keys[-1] = _NO_KEY
        if type(next_event()) is not StreamEndEvent:
            raise _NotCommon  # a second document
        return root
    finally:
        loader.dispose()
