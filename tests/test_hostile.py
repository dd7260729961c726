"""Hostile and broken input: nothing crashes, nothing is lost, nothing gets in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import Invoke, edit, embedded_data
from vikentool.domain.catalog import Item
from vikentool.domain.dates import DateSpec
from vikentool.domain.records import Scheme, Source, from_data
from vikentool.errors import DataError
from vikentool.errors import UsageError as DateInputError
from vikentool.model.load import load_catalog
from vikentool.query.inputs import parse_cli_date, parse_within
from vikentool.query.window import Window, match_window
from vikentool.render.emit import csv_cell, to_csv
from vikentool.render.ics import build_calendar
from vikentool.render.terminal import clean
from vikentool.store import output as files

# --- every command, every kind of bad argument ---------------------------------------------

BAD_ARGUMENTS = [
    (("deadlines", "--before", "2021-13-45"), 2, "2021-13-45"),
    (("deadlines", "--after", "32.01.2021"), 2, "32.01.2021"),
    (("deadlines", "--within", "3x"), 2, "3x"),
    (("deadlines", "--kind", "nope"), 2, "nope"),
    (("deadlines", "--scheme", "nope"), 1, "nope"),
    (("deadlines", "--format", "xml"), 2, "xml"),
    (("deadlines", "--lead", "abc"), 2, "abc"),
    (("deadlines", "--lead", "-3"), 2, "-3"),
    (("deadlines", "--nope"), 2, "--nope"),
    (("schemes", "--as-of", "soon"), 2, "soon"),
    (("schemes", "--format", "yaml"), 2, "yaml"),
    (("show", "nope"), 1, "nope"),
    (("show",), 2, "ID"),
    (("fee", "-p", "abc"), 2, "abc"),
    (("fee", "-p", "1e9"), 2, "1e9"),
    (("fee", "--from-csv", "/nonexistent/kommuner.csv"), 1, "/nonexistent/kommuner.csv"),
    (("fee", "--network", "nope", "-p", "5"), 1, "nope"),
    (("export-ics", "-o", "/nonexistent/dir/x.ics"), 1, "/nonexistent/dir/x.ics"),
    (("export-ics", "-o", "/proc/viken.ics"), 1, "/proc/viken.ics"),
    (("export-ics", "--alarm", "tomorrow"), 2, "tomorrow"),
    (("export-ics", "--on", "31.02.2021"), 2, "31.02.2021"),
    (("timeline", "--svg", "/proc/timeline.svg"), 1, "/proc/timeline.svg"),
    (("timeline", "--width", "5"), 2, "5"),
    (("timeline", "--to", "never"), 2, "never"),
    (("plans", "--as-of", "32.01.2021"), 2, "32.01.2021"),
    (("sessions", "--format", "pdf"), 2, "pdf"),
    (("schema", "nope"), 2, "nope"),
    (("validate", "/nonexistent/data"), 1, "/nonexistent/data"),
    (("--data-dir", "/nonexistent/data", "deadlines"), 1, "/nonexistent/data"),
    (("nosuchcommand",), 2, "nosuchcommand"),
]


@pytest.mark.parametrize(("args", "code", "named"), BAD_ARGUMENTS, ids=lambda v: str(v))
def test_every_mistake_is_one_clear_line(
    viken: Invoke, args: tuple[str, ...], code: int, named: str
) -> None:
    result = viken(*args)
    assert result.exit_code == code, result
    assert named in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_directory_or_file_where_the_other_is_expected(viken: Invoke, tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    for args in (
        ("--data-dir", str(a_file), "deadlines"),
        ("validate", str(a_file)),
        ("fee", "--from-csv", str(tmp_path)),
        ("export-ics", "-o", str(tmp_path)),
        ("timeline", "--svg", str(tmp_path)),
    ):
        result = viken(*args)
        assert result.exit_code == 1, (args, result)
        assert "Traceback" not in result.stderr
        assert str(tmp_path) in result.stderr


def test_a_data_file_that_is_a_directory(viken: Invoke, data_copy: Path) -> None:
    (data_copy / "plans.yaml").unlink()
    (data_copy / "plans.yaml").mkdir()
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1 and "er en mappe" in result.stderr


# --- broken data files ------------------------------------------------------------------------


def validate(viken: Invoke, directory: Path) -> tuple[int, str]:
    result = viken("validate", str(directory))
    assert "Traceback" not in result.stderr + result.stdout
    return result.exit_code, result.stderr


def test_tabs(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "schemes.yaml",
        "    owner: Viken fylkeskommune\n",
        "\towner: Viken fylkeskommune\n",
    )
    code, err = validate(viken, data_copy)
    assert code == 1 and "schemes.yaml:" in err and "tab" in err


def test_not_utf8(viken: Invoke, data_copy: Path) -> None:
    path = data_copy / "contacts.yaml"
    raw = path.read_bytes()
    line = raw[: raw.index("Øyvind".encode())].count(b"\n") + 1
    path.write_bytes(raw.replace("Øyvind".encode(), "Øyvind".encode("latin-1")))
    code, err = validate(viken, data_copy)
    assert code == 1 and f"contacts.yaml:{line}:" in err and "not UTF-8" in err


def test_utf8_bom_is_accepted(viken: Invoke, data_copy: Path) -> None:
    path = data_copy / "schemes.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(viken, data_copy)[0] == 0


def test_empty_file(viken: Invoke, data_copy: Path) -> None:
    (data_copy / "contacts.yaml").write_text("", encoding="utf-8")
    code, err = validate(viken, data_copy)
    # An empty contacts file is an empty list of contacts: the references to them dangle.
    assert code == 1 and "unknown contact" in err
    (data_copy / "schemes.yaml").write_text("", encoding="utf-8")
    (data_copy / "contacts.yaml").unlink()
    code, err = validate(viken, data_copy)
    assert code == 1 and "unknown contact" in err


def test_a_file_that_is_not_a_mapping(viken: Invoke, data_copy: Path) -> None:
    (data_copy / "schemes.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    code, err = validate(viken, data_copy)
    assert code == 1 and "schemes.yaml:1:1" in err and "mapping" in err


def test_29_february_2021(viken: Invoke, data_copy: Path) -> None:
    edit(data_copy / "schemes.yaml", "{day: 2021-02-01,", "{day: 2021-02-29,")
    code, err = validate(viken, data_copy)
    assert code == 1 and "'2021-02-29' is not a real date" in err


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom x",
        "!!set {a, b}",
    ],
)
def test_non_standard_tags_are_refused(viken: Invoke, data_copy: Path, tagged: str) -> None:
    edit(data_copy / "schemes.yaml", "    name: FORREGION\n", f"    name: {tagged}\n")
    code, err = validate(viken, data_copy)
    assert code == 1 and "is not allowed" in err
    assert "pwned" not in err.replace("echo pwned", "")


def write_plans_and(path: Path, schemes: str) -> Path:
    path.mkdir(exist_ok=True)
    (path / "plans.yaml").write_bytes((embedded_data() / "plans.yaml").read_bytes())
    (path / "schemes.yaml").write_text(schemes, encoding="utf-8")
    return path


# Starts a program as its own child and writes that child's peak memory (KiB) to stderr.
# Measured straight from pytest, the child's peak is never below pytest's own: Python starts
# it with vfork and exec, and Linux carries the peak of the memory it leaves (pytest's) into
# the program's count (about 210 MB after the whole suite, more than viken's limit here).
# This small Python forks first, so the peak it carries is its own few megabytes.
_PEAK_OF_CHILD = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\npeak-kib={usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the installed ``viken`` and return it with its peak memory (MB).

    No wall-clock limits here: how fast hostile input is refused is the benchmark's business
    (benchmarks/run.py), not a unit test's, which would fail on a slow or busy machine.
    """
    viken = Path(sys.executable).parent / "viken"
    # wait4 in _PEAK_OF_CHILD gives viken's own peak; RUSAGE_CHILDREN would also count
    # whatever larger process ran before pytest in the same shell (pip, for one).
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_CHILD, str(viken), *args],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    stderr, _, peak = done.stderr.rpartition("\npeak-kib=")
    assert peak.strip().isdigit(), done.stderr
    done.args, done.stderr = [str(viken), *args], stderr
    return done, int(peak) / 1024


def test_billion_laughs_is_refused_and_small(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines.append("schemes: *a9")
    data = write_plans_and(tmp_path / "bomb", "\n".join(lines) + "\n")
    done, megabytes = run_measured("validate", str(data))
    assert done.returncode == 1 and "billion laughs" in done.stderr
    assert "Traceback" not in done.stderr
    assert megabytes < 200, megabytes


@pytest.mark.parametrize(
    "document",
    [
        "schemes: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "schemes: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "schemes:\n" + "".join(" " * i + "- \n" for i in range(10_000)),
        "schemes: " + "- " * 10_000 + "x\n",
        "- " * 40_000 + "1\n",  # found in review: crashed the process in the C composer
        "schemes:\n- " + "- ? " * 10_000 + "x\n",
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "dashes", "compact", "keys"],
)
def test_deep_nesting_is_a_clean_error(viken: Invoke, tmp_path: Path, document: str) -> None:
    data = write_plans_and(tmp_path / "deep", document)
    code, err = validate(viken, data)
    assert code == 1 and "schemes.yaml:" in err
    assert "RecursionError" not in err


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("schemes: &a [*a]\n", "schemes.yaml:1:10: (document): an alias refers to a value it is"),
        ("schemes: [1, &b {x: [*b]}]\n", "schemes.yaml:1:14: (document): an alias refers to"),
        ("schemes: !!int\n", "schemes.yaml:1:10: schemes: '' is not a valid int"),
        ("schemes: !!float ''\n", "schemes.yaml:1:10: schemes: '' is not a valid float"),
    ],
    ids=["alias-in-itself", "alias-inside-its-own-map", "empty-int", "empty-float"],
)
def test_found_in_review_one_line_not_a_traceback(
    viken: Invoke, tmp_path: Path, document: str, expected: str
) -> None:
    """An alias to the collection it is inside ran the alias-growth check out of memory; a
    typed tag with no value was an IndexError traceback."""
    data = write_plans_and(tmp_path / "odd", document)
    code, err = validate(viken, data)
    assert code == 1 and expected in err, err
    assert "Traceback" not in err and "Error:" not in err


def test_a_50_mb_file_is_refused_at_once(tmp_path: Path) -> None:
    data = tmp_path / "big"
    data.mkdir()
    (data / "plans.yaml").write_bytes((embedded_data() / "plans.yaml").read_bytes())
    chunk = b"  - {id: x, name: y, owner: z, source: {document: a, location: b}}\n"
    with (data / "schemes.yaml").open("wb") as stream:
        stream.write(b"schemes:\n")
        stream.write(chunk * (50 * 1024 * 1024 // len(chunk) + 1))
    done, megabytes = run_measured("validate", str(data))
    assert done.returncode == 1 and "50 MiB" in done.stderr and "høyst 32 MiB" in done.stderr
    assert megabytes < 200, megabytes


# --- output injection ------------------------------------------------------------------------

HOSTILE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60
).filter(lambda s: clean(s).strip() != "")


def _item(title: str, scheme_name: str) -> Item:
    source = Source(document="d.txt", location=scheme_name)
    scheme = from_data(
        Scheme,
        {
            "id": "s",
            "name": scheme_name,
            "owner": scheme_name,
            "source": {"document": "d.txt", "location": scheme_name},
        },
    )
    spec = DateSpec.from_written({"day": "2021-05-01", "as_written": title})
    return Item(
        id="x",
        title=title,
        kind="application_deadline",
        date=spec,
        source=source,
        scheme=scheme,
        parent_id="s",
        parent_title=scheme_name,
        owner=scheme_name,
    )


@settings(max_examples=200, deadline=None)
@example(title="\\N", name="0")  # icalendar alone would read a written \N as a line break
@example(title="\ufeff", name="0")  # icalendar drops a byte-order mark from a calendar's text
@given(title=HOSTILE, name=HOSTILE)
def test_hostile_text_never_breaks_the_calendar(title: str, name: str) -> None:
    data, _ = build_calendar([_item(title, name)], name=name)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in data.replace(b"\r\n", b"")
    assert lines.count(b"BEGIN:VEVENT") == 1 and lines.count(b"END:VEVENT") == 1
    assert lines.count(b"BEGIN:VCALENDAR") == 1 and lines.count(b"END:VCALENDAR") == 1
    assert all(len(line) <= 75 for line in lines)
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    expected = clean(title.replace("\r\n", "\n").replace("\r", "\n"))
    assert str(event["SUMMARY"]) == expected
    for line in lines:
        line.decode("utf-8")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_injection_is_neutralised(start: str) -> None:
    payload = f'{start}HYPERLINK("http://evil")'
    assert csv_cell(payload) == "'" + payload
    text = to_csv([{"title": payload, "days_left": -3}], ("title", "days_left"))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"].startswith("'") and row["days_left"] == "-3"


def test_csv_from_the_cli_neutralises_data(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Landbruksmidler (RK og RT)"',
        "title: \"=cmd|' /C calc'!A0\"",
    )
    result = viken("--data-dir", str(data_copy), "deadlines", "-f", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["landbruksmidler-soknadsfrist-2021"]["title"] == "'=cmd|' /C calc'!A0"


def test_terminal_output_shows_control_characters_as_codes(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Landbruksmidler (RK og RT)"',
        'title: "Frist\\e[2J\\e]0;pwned\\u0007 \\u0008\\u0000ok"',
    )
    for args in (
        ("deadlines",),
        ("show", "landbruksmidler-soknadsfrist-2021"),
        ("timeline", "--width", "100"),
    ):
        result = viken("--data-dir", str(data_copy), *args)
        assert result.exit_code == 0, result
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\x00" not in result.stdout and "\x08" not in result.stdout
        # Shown for what it is, so nobody takes the title for a clean one.
        assert "Frist[U+001B][2J[U+001B]]0;pwned[" in result.stdout.replace("\n", "")
    assert clean("a\x1b[31mred\x9b\x00b\n\tc\u202e\u200b\ud800") == (
        "a[U+001B][31mred[U+009B][U+0000]b\n c[U+202E][U+200B][U+D800]"
    )


# --- nothing lost -----------------------------------------------------------------------------


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "viken.ics"
    target.write_bytes(b"OLD CALENDAR")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(files.OutputError, match="ikke mer plass på enheten"):
        files.write_file(target, b"NEW" * 100_000)
    assert target.read_bytes() == b"OLD CALENDAR"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["viken.ics"]


def test_killed_write_through_the_cli_keeps_the_old_file(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "viken.ics"
    target.write_bytes(b"OLD CALENDAR")
    real_write = os.write

    def killed_half_way(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "write", killed_half_way)
    result = viken("export-ics", "-o", str(target))
    assert result.exit_code != 0
    assert target.read_bytes() == b"OLD CALENDAR"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["viken.ics"]


def test_the_data_directory_is_never_written(
    viken: Invoke, data_copy: Path, tmp_path: Path
) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in data_copy.iterdir()}

    before = snapshot()
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ("validate",),
        ("deadlines", "--kind", "all"),
        ("schemes",),
        ("plans",),
        ("sessions",),
        ("show", "bio"),
        ("fee", "-p", "6200"),
        ("export-ics", "-o", str(out / "a.ics")),
        ("timeline", "--svg", str(out / "t.svg"), "--html", str(out / "t.html")),
    ):
        assert viken("--data-dir", str(data_copy), *args).exit_code == 0, args
    assert snapshot() == before


# --- properties -------------------------------------------------------------------------------

TODAY = dt.date(2021, 2, 26)


@given(st.text(max_size=40))
def test_date_parser_raises_only_its_own_error(text: str) -> None:
    try:
        parsed = parse_cli_date(text, TODAY)
    except DateInputError as exc:
        assert repr(text) in str(exc)
    else:
        assert isinstance(parsed, dt.date)


@given(st.from_regex(r"\A\s*\d{1,6}\s*[dwmyDWMY]\s*\Z") | st.text(max_size=12))
def test_period_parser_raises_only_its_own_error(text: str) -> None:
    try:
        end = parse_within(text, TODAY)
    except DateInputError:
        pass
    else:
        assert end >= TODAY


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_written_form_of_a_day_reads_back_or_is_out_of_range(day: dt.date) -> None:
    for text in (day.isoformat(), f"{day:%d.%m.%Y}", f"{day.day}.{day.month}.{day.year}"):
        if 1900 <= day.year <= 2199:
            assert parse_cli_date(text, TODAY) == day
        elif day.year >= 1000:  # four digits: read, and refused for its year
            with pytest.raises(DateInputError, match="1900 til 2199"):
                parse_cli_date(text, TODAY)


MONTHS = st.tuples(st.integers(2019, 2023), st.integers(1, 12)).map(
    lambda ym: f"{ym[0]}-{ym[1]:02d}"
)
DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)).map(dt.date.isoformat)
POINTS = MONTHS | DAYS


@st.composite
def date_specs(draw: st.DrawFn) -> DateSpec:
    form = draw(st.sampled_from(["day", "span", "month", "either", "year"]))
    data: dict[str, object] = {"as_written": "x", "tentative": draw(st.booleans())}
    if form == "day":
        data["day"] = draw(DAYS)
    elif form == "span":
        a, b = sorted([draw(DAYS), draw(DAYS)])
        data["from"], data["to"] = a, b
    elif form == "month":
        data["month"] = draw(MONTHS)
    elif form == "either":
        data["either"] = draw(st.lists(POINTS, min_size=2, max_size=3))
    else:
        data["year"] = draw(st.integers(2019, 2023))
    return DateSpec.from_written(data)


WINDOW_DAYS = st.none() | st.dates(dt.date(2018, 12, 1), dt.date(2024, 1, 31))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(date_specs(), WINDOW_DAYS, WINDOW_DAYS)
def test_window_rule_agrees_with_every_day(
    spec: DateSpec, lo: dt.date | None, hi: dt.date | None
) -> None:
    assert spec.earliest is not None and spec.latest is not None
    assert spec.earliest <= spec.latest
    window = Window(lo, hi)
    possible = {
        spec.earliest + dt.timedelta(days=n)
        for n in range((spec.latest - spec.earliest).days + 1)
        if any(a <= spec.earliest + dt.timedelta(days=n) <= b for a, b in spec.ranges)
    }
    inside = {d for d in possible if (lo is None or d >= lo) and (hi is None or d <= hi)}
    match = match_window(spec.ranges, spec.tentative, window)
    assert match.shown == bool(inside)
    if match.shown:
        assert match.uncertain == (inside != possible or spec.tentative)


_VALID = (embedded_data() / "schemes.yaml").read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(_VALID)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        if action == "delete":
            del lines[where]
        elif action == "duplicate":
            lines.insert(where, lines[where])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        elif action == "insert":
            lines.insert(
                where,
                draw(
                    st.sampled_from(
                        [
                            "  - {",
                            "]]\n",
                            "key: [\n",
                            "\t- x\n",
                            "  foo: *nope\n",
                            ": :\n",
                            "'\n",
                            "x: !!int y\n",
                        ]
                    )
                ),
            )
        else:
            lines[where] = lines[where][: draw(st.integers(0, max(0, len(lines[where]) - 1)))]
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_load_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    data = tmp_path_factory.mktemp("mutant")
    (data / "plans.yaml").write_bytes((embedded_data() / "plans.yaml").read_bytes())
    (data / "contacts.yaml").write_bytes((embedded_data() / "contacts.yaml").read_bytes())
    (data / "schemes.yaml").write_text(text, encoding="utf-8")
    try:
        load_catalog(data)
    except DataError as exc:
        assert exc.lines()
        for line in exc.lines():
            assert line.startswith(str(data)), line
