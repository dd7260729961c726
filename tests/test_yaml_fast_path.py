"""The two ways of reading a data file agree: events and composing.

``parse_text`` builds a common document straight from the parser's events and leaves every
other one (anchors, tags, duplicate keys, merge keys, bad numbers, syntax errors, several
documents) to the composing way, ``compose_text``. Whatever a document holds, both must give
the same values, of the same types, and the same problems or the same error. And the fast
way must really be the one that reads common documents: the data files and whatever a YAML
writer makes of plain values.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import generate_deadlines
from vikentool.model import yamlsafe
from vikentool.model.yamlsafe import YamlReadError, compose_text, parse_text

DATA = Path(yamlsafe.__file__).resolve().parent.parent / "data"


def typed(value: Any) -> Any:
    """A value with its types spelled out, so that 1, 1.0 and True, or two NaNs, compare as
    the reader made them."""
    if isinstance(value, dict):
        return ("map", [(typed(key), typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(read: Any, text: str) -> Any:
    try:
        parsed = read(text, positions=False)
    except YamlReadError as exc:
        return ("error", [(p.position, p.path, p.message) for p in exc.problems])
    return (
        "value",
        typed(parsed.value),
        [(p.position, p.path, p.message) for p in parsed.problems],
    )


def assert_same(text: str) -> None:
    assert outcome(parse_text, text) == outcome(compose_text, text)


# Plain scalars each resolver reads differently, and everything that leaves the common case.
TRICKY_SCALARS = [
    *("yes", "no", "on", "off", "y", "n", "true", "False", "TRUE", "tRue"),
    *("null", "Null", "NULL", "~", "", "nULL"),
    *("0", "-0", "+12", "017", "0o17", "0x1F", "0x_", "0b101", "0b_", "1_000", "1__0", "_1"),
    *("3:25:45", "190:20:30.15", "-1:00", ".5", "+.5", "1e3", "1.5e-3", "1.0e+3", "._", "1.2.3"),
    *(".inf", "-.INF", "+.Inf", ".nan", ".NaN", ".NAN"),
    *("2021-02-29", "2021-02-30 10:00", "2021-13-01", "10.-15. mai ?", "til juni eller sept."),
    *("<<", "=", "'quoted'", '"double \\u00e9 \\t"', "'it''s'", "æøå", "a b  c", "x # comment"),
    *("&anchor value", "*anchor", "!!str 5", "!!int x", "!!int 5", "!!float 1", "!foo bar"),
    *("!!binary aGk=", "!!timestamp 2021-01-01", "!!null ''", "!!bool yes", "!!python/none ''"),
    *("!!int", "!!float ''", "&r [*r]", "&m {k: *m}", "- - - 1", "? - x"),
    *("! plain", "[1, 2]", "{a: 1}", "{a: 1, a: 2}", "[a, [b, {c: d}]]", "{? [x]: y}", "[]", "{}"),
    *("|", ">-", "|2", "---", "...", "- ", ": x", "a: b: c", "[", "{", "]", "'open", '"open'),
    "\u00a0",
    "\u2028",
    "\x85",
    "\ufeffbom",
]
KEYS = ["a", "b", "id", "no", "1", "1.0", "true", "~", "<<", "'a'", '"b"', "? c", "[k]", "&k a"]
TOP_LINES = ["---", "...", "--- !!map", "%YAML 1.1", "%TAG ! tag:example.com,2021:", "# note"]


@st.composite
def token_documents(draw: st.DrawFn) -> str:
    """Lines of YAML-ish tokens at a few indentations: mostly valid, often not, and every
    scalar a resolver or the common case could stumble on."""
    scalars = st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(max_size=12))
    keys = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z]{1,3}", fullmatch=True))
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4, 1]))
        shape = draw(st.sampled_from(["pair", "pair", "item", "item pair", "open", "top"]))
        if shape == "pair":
            lines.append(f"{indent}{draw(keys)}: {draw(scalars)}")
        elif shape == "item":
            lines.append(f"{indent}- {draw(scalars)}")
        elif shape == "item pair":
            lines.append(f"{indent}- {draw(keys)}: {draw(scalars)}")
        elif shape == "open":
            lines.append(f"{indent}{draw(keys)}:")
        else:
            lines.append(draw(st.sampled_from(TOP_LINES)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


plain_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(TRICKY_SCALARS),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(KEYS) | st.integers(-3, 3), children, max_size=4
        )
    ),
    max_leaves=30,
)


def written(value: Any, flow: bool | None, style: str | None) -> str:
    return yaml.safe_dump(
        value, default_flow_style=flow, default_style=style, allow_unicode=True, sort_keys=False
    )


styles = st.sampled_from([None, None, "'", '"'])
flows = st.sampled_from([False, True, None])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_documents())
@example("a: 1\na: 2\n")
@example("a: &x [1]\nb: *x\n")
@example("a: 0x_\n")
@example("<<: {a: 1}\n")
@example("a: 1\n---\nb: 2\n")
@example("? [a]\n: b\n")
@example("a: !!str 5\n")
@example("---\n...\n")
@example("")
@example("# only a comment\n")
@example("a: [1, 2\n")
@example("a: \x07\n")
def test_a_document_of_tokens_reads_the_same_both_ways(text: str) -> None:
    assert_same(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_values, flows, styles, st.data())
def test_a_written_document_with_a_fragment_put_in_reads_the_same_both_ways(
    value: Any, flow: bool | None, style: str | None, data: st.DataObject
) -> None:
    text = written(value, flow, style)
    at = data.draw(st.integers(0, len(text)))
    fragment = data.draw(
        st.sampled_from(
            [
                *TRICKY_SCALARS,
                *(f"\n{key}: x\n" for key in KEYS),
                "\n- &a 1\n- *a\n",
                "\n<<: *a\n",
                "&a ",
                "*a",
                "!!str ",
                "\n---\n",
                "\n",
                " ",
                ": ",
                "- ",
            ]
        )
    )
    assert_same(text[:at] + fragment + text[at:])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_values, flows)
def test_what_a_yaml_writer_makes_of_plain_values_is_read_by_events(
    value: Any, flow: bool | None
) -> None:
    # The writer's own choice of styles: forcing one makes it tag every number (!!int '1').
    text = written(value, flow, None)
    fast = yamlsafe._common_value(text)  # no fallback: it must read the document itself
    assert typed(fast) == typed(compose_text(text, positions=False).value)


def test_the_embedded_data_files_are_read_by_events() -> None:
    files = sorted(DATA.glob("*.yaml"))
    assert len(files) >= 5
    for file in files:
        text = file.read_text(encoding="utf-8")
        value = yamlsafe._common_value(text)
        assert typed(value) == typed(compose_text(text, positions=False).value), file.name


def test_a_thousand_generated_deadlines_are_read_by_events(tmp_path: Path) -> None:
    generate_deadlines(tmp_path, 1_000)
    text = (tmp_path / "schemes.yaml").read_text(encoding="utf-8")
    value = yamlsafe._common_value(text)
    assert typed(value) == typed(compose_text(text, positions=False).value)
    assert len(value["deadlines"]) == 1_000


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "a: 0x_\n",
        "? [a]\n: b\n",
        "a: 1\n---\nb: 2\n",
        "a: [1\n",
        "a: =\n",
        "".join(f"{'  ' * level}a:\n" for level in range(yamlsafe.MAX_DEPTH + 2)),
        "".join(f"{'  ' * level}- \n" for level in range(yamlsafe.MAX_DEPTH + 2)),
    ],
)
def test_what_is_not_common_is_left_to_the_composing_way(text: str) -> None:
    with pytest.raises((yamlsafe._NotCommon, yaml.YAMLError)):
        yamlsafe._common_value(text)
    assert_same(text)
