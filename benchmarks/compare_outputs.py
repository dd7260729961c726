"""Golden outputs: record what every ``viken`` command prints, and check a later version against it.

    python benchmarks/compare_outputs.py record DIR [--viken PATH]   # write DIR/NAME.out|err|code
    python benchmarks/compare_outputs.py compare DIR [--viken PATH]  # re-run, diff, exit 1 if any
    python benchmarks/compare_outputs.py --list                      # the cases

Each case runs the installed ``viken`` (default: the one next to this interpreter) as a separate
process, on the embedded data or on 10 000 generated deadlines (``run.generate``, fixed seed), in
a fixed environment: a fresh cache, COLUMNS=80, SOURCE_DATE_EPOCH, TZ=UTC, LANG=C.UTF-8, stdout a
pipe. Every case that takes a reference day gets ``--as-of``, so the outputs do not depend on the
day they are recorded. Paths of the run's temporary folder and of the installed package are
replaced by ``{work}`` and ``{vikentool}`` before anything is stored or compared. Files that a
case writes (``-o``, ``--svg``, ``--html``) are recorded as NAME.file-BASENAME.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEADLINES = 10_000
SEED = 2021
DIFF_LINES = 40
AS_OF = "2021-02-26"
ENV = {
    "COLUMNS": "80",
    "SOURCE_DATE_EPOCH": "1614297600",
    "TZ": "UTC",
    "LANG": "C.UTF-8",
}
# Variables of the caller's environment that a run never sees (besides every VIKEN_* one).
DROPPED = (
    "PYTHONIOENCODING",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "COLORTERM",
    "LINES",
    "LC_ALL",
    "LC_CTYPE",
    "LANGUAGE",
    "PYTHONPATH",
    "PYTHONSTARTUP",
    "PYTHONWARNINGS",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUTF8",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
)
COMMANDS = (
    "validate",
    "schema",
    "deadlines",
    "export-ics",
    "plans",
    "sessions",
    "timeline",
    "schemes",
    "show",
    "fee",
)
FEE_CSV = "kommune,innbyggere\nHurum,9500\nFlå,1050\nDrammen,101859\nLier,26800\n"
FEE_CSV_SEMICOLON = "Navn;Population\nNes;23000\nRollag;1400\n"
FEE_CSV_BAD = "kommune,innbyggere\nHurum,mange\n"
# A data directory with mistakes for `validate`: plans.yaml and contacts.yaml are copied in.
BROKEN_SCHEMES = """\
schemes:
  - id: ordning-a
    name: Ordning A
    owner: Viken fylkeskommune
    budgett: {nok: 1000000, as_written: "1 mill"}
    source: {document: x.txt, location: "Side 1"}
  - id: ordning-a
    name: Ordning A igjen
    owner: Viken fylkeskommune
    source: {document: x.txt, location: "Side 2"}
deadlines:
  - id: frist-a
    scheme: ordning-finnes-ikke
    kind: application_deadline
    title: "Søknadsfrist"
    date: {day: 2021-02-30, as_written: "30. februar"}
    source: {document: x.txt, location: "Side 3"}
"""
# Well-formed, but with references that do not resolve and an id used twice.
REFS_SCHEMES = """\
schemes:
  - id: ordning-a
    name: Ordning A
    owner: Viken fylkeskommune
    contacts: [finnes-ikke]
    source: {document: x.txt, location: "Side 1"}
  - id: ordning-a
    name: Ordning A igjen
    owner: Viken fylkeskommune
    source: {document: x.txt, location: "Side 2"}
deadlines:
  - id: frist-a
    scheme: ordning-finnes-ikke
    kind: application_deadline
    title: "Søknadsfrist"
    date: {day: 2021-03-01, as_written: "1. mars"}
    source: {document: x.txt, location: "Side 3"}
"""


@dataclass(frozen=True)
class Case:
    """One run of ``viken``: ``{work}`` and ``{out}`` in ``args`` are this run's folders."""

    name: str
    args: tuple[str, ...]
    dataset: str = "embedded"  # embedded, 10k, broken or refs (--data-dir)
    stdin: bytes = b""
    files: tuple[str, ...] = ()  # written into {out} by the command, recorded too


def _formats(name: str, args: tuple[str, ...], excel: bool = True) -> Iterator[Case]:
    """The case in table, json and csv (and csv --excel)."""
    yield Case(name, args)
    yield Case(f"{name}-json", (*args, "-f", "json"))
    yield Case(f"{name}-csv", (*args, "--format", "csv"))
    if excel:
        yield Case(f"{name}-csv-excel", (*args, "-f", "csv", "--excel"))


def _cases() -> Iterator[Case]:
    # The application as a whole.
    yield Case("version", ("--version",))
    yield Case("help", ("--help",))
    yield Case("help-short", ("-h",))
    yield Case("no-command", ())
    yield Case("unknown-command", ("nosuch",))
    yield Case("bad-data-dir", ("--data-dir", "{work}/no-such-folder", "validate"))
    for command in COMMANDS:
        yield Case(f"help-{command}", (command, "--help"))

    # deadlines
    d = ("deadlines", "--as-of", AS_OF)
    yield from _formats("deadlines", d)
    yield from _formats("deadlines-upcoming", (*d, "--upcoming"), excel=False)
    yield from _formats("deadlines-before", (*d, "--before", "2021-04-12"), excel=False)
    yield Case("deadlines-after", (*d, "--after", "2021-04-01"))
    yield Case("deadlines-after-before", (*d, "--after", "2021-03-01", "--before", "2021-06-30"))
    yield from _formats("deadlines-kind-all", (*d, "--kind", "all"), excel=False)
    yield Case("deadlines-kind-deadlines", (*d, "--kind", "deadlines"))
    yield Case("deadlines-kind-session", (*d, "--kind", "session", "-f", "json"))
    yield Case("deadlines-kind-hearing-reply", (*d, "--kind", "hearing_reply"))
    yield Case("deadlines-kind-two", (*d, "--kind", "announcement", "--kind", "milestone"))
    yield from _formats("deadlines-undated", (*d, "--include-undated"), excel=False)
    yield Case("deadlines-undated-all", (*d, "--include-undated", "--kind", "all", "-f", "json"))
    yield from _formats("deadlines-lead", (*d, "--lead", "5"), excel=False)
    yield Case("deadlines-lead-0", (*d, "--lead", "0", "--upcoming"))
    yield Case("deadlines-lead-30", (*d, "--lead", "30", "--kind", "all", "-f", "csv"))
    yield from _formats("deadlines-search", (*d, "--search", "naering"), excel=False)
    yield Case("deadlines-search-upper", (*d, "--search", "NÆRING"))
    yield Case("deadlines-owner", (*d, "--owner", "viken", "--kind", "all"))
    yield from _formats("deadlines-scheme", (*d, "--scheme", "rff"), excel=False)
    yield Case("deadlines-scheme-bio", (*d, "--scheme", "bio", "--include-undated"))
    yield Case("deadlines-within-6w", (*d, "--within", "6w"))
    yield Case("deadlines-within-30d", (*d, "--within", "30d", "-f", "json"))
    yield Case("deadlines-within-3m", (*d, "--within", "3m", "--kind", "all"))
    yield Case("deadlines-within-1y", (*d, "--within", "1y", "--kind", "all", "-f", "csv"))
    yield Case("deadlines-on", (*d, "--on", "2021-03-01"))
    yield Case("deadlines-on-json", (*d, "--on", "2021-03-01", "-f", "json"))
    yield from _formats("deadlines-empty", (*d, "--after", "2030-01-01"))
    yield Case("deadlines-as-of-dotted", ("deadlines", "--as-of", "12.04.2021", "--upcoming"))
    yield Case(
        "deadlines-as-of-words", ("deadlines", "--as-of", "12. april 2021", "--within", "1m")
    )
    yield Case("deadlines-as-of-later", ("deadlines", "--as-of", "2021-07-01", "--kind", "all"))
    yield Case("deadlines-bad-date", ("deadlines", "--as-of", "2021-13-45"))
    yield Case("deadlines-bad-before", (*d, "--before", "someday"))
    yield Case("deadlines-bad-kind", (*d, "--kind", "nope"))
    yield Case("deadlines-bad-within", (*d, "--within", "5x"))
    yield Case("deadlines-bad-lead", (*d, "--lead", "abc"))
    yield Case("deadlines-bad-format", (*d, "-f", "xml"))
    yield Case("deadlines-bad-scheme", (*d, "--scheme", "no-such-scheme"))
    yield Case("deadlines-bad-option", (*d, "--nope"))

    # schemes
    for day in (AS_OF, "2021-07-01"):
        s = ("schemes", "--as-of", day)
        yield from _formats(f"schemes-{day}", s)
        yield from _formats(f"schemes-{day}-upcoming", (*s, "--upcoming"), excel=False)
    yield Case("schemes-search", ("schemes", "--as-of", AS_OF, "--search", "klynge"))
    yield Case("schemes-owner", ("schemes", "--as-of", AS_OF, "--owner", "viken", "-f", "json"))
    yield Case("schemes-bad-date", ("schemes", "--as-of", "31.02.2021"))

    # plans
    yield from _formats("plans", ("plans", "--as-of", AS_OF))
    yield Case("plans-2022", ("plans", "--as-of", "2022-06-01"))
    yield Case("plans-2022-json", ("plans", "--as-of", "2022-06-01", "-f", "json"))
    yield Case("plans-search", ("plans", "--as-of", AS_OF, "--search", "strategi"))

    # sessions
    yield from _formats("sessions", ("sessions",))

    # show: one record of each type
    for record in (
        "bio",  # scheme
        "rff",  # scheme with several deadlines
        "bio-soknadsfrist-2021",  # deadline
        "klyngesatsing-i-viken-soknadsfrist-2021",  # deadline, uncertain date
        "landbruksstrategi",  # plan
        "landbruksstrategi-horing",  # plan milestone
        "nou-2020-15",  # hearing
        "nou-2020-12-horingssvar-sendt",  # hearing milestone
        "omstillingsdyktig-naeringsliv",  # network
        "samling-1",  # session
        "temadag-folkevalgte",  # theme day
        "mette-thielemann",  # contact
    ):
        yield from _formats(f"show-{record}", ("show", record), excel=False)
    yield Case("show-unknown", ("show", "no-such-id"))
    yield Case("show-unknown-json", ("show", "no-such-id", "-f", "json"))
    yield Case("show-missing-id", ("show",))

    # fee
    yield Case("fee", ("fee", "-p", "6200"))
    yield Case("fee-json", ("fee", "-p", "6200", "-f", "json"))
    yield Case("fee-csv", ("fee", "-p", "6200", "-f", "csv"))
    many = ("fee", "-p", "1", "-p", "5000", "-p", "5001", "--population", "700000")
    yield from _formats("fee-many", many, excel=False)
    yield from _formats("fee-table", ("fee", "--table"), excel=False)
    yield Case("fee-network", ("fee", "-p", "6200", "--network", "omstillingsdyktig-naeringsliv"))
    yield Case("fee-bad-network", ("fee", "-p", "6200", "--network", "nope"))
    yield from _formats("fee-from-csv", ("fee", "--from-csv", "{work}/fee.csv"), excel=False)
    yield Case("fee-from-csv-semicolon", ("fee", "--from-csv", "{work}/fee-semicolon.csv"))
    yield Case("fee-from-stdin", ("fee", "--from-csv", "-"), stdin=FEE_CSV.encode())
    yield Case("fee-from-csv-bad", ("fee", "--from-csv", "{work}/fee-bad.csv"))
    yield Case("fee-from-csv-missing", ("fee", "--from-csv", "{work}/no-such.csv"))
    yield Case("fee-bad-number", ("fee", "-p", "abc"))
    yield Case("fee-zero", ("fee", "-p", "0"))
    yield Case("fee-negative", ("fee", "-p", "-5"))
    yield Case("fee-no-option", ("fee",))

    # export-ics
    yield Case("ics", ("export-ics",))
    yield Case("ics-upcoming", ("export-ics", "--as-of", AS_OF, "--upcoming"))
    yield Case("ics-kind-all", ("export-ics", "--kind", "all"))
    yield Case("ics-alarm", ("export-ics", "--alarm", "14d"))
    yield Case("ics-alarms", ("export-ics", "--alarm", "2w", "--alarm", "1d", "--kind", "session"))
    yield Case("ics-name", ("export-ics", "--name", "X; Y"))
    yield Case("ics-scheme", ("export-ics", "--scheme", "rff", "--search", "hoved"))
    yield Case("ics-window", ("export-ics", "--after", "2021-03-01", "--before", "2021-06-30"))
    yield Case("ics-empty", ("export-ics", "--after", "2030-01-01"))
    yield Case("ics-output", ("export-ics", "-o", "{out}/viken.ics"), files=("viken.ics",))
    yield Case("ics-bad-alarm", ("export-ics", "--alarm", "soon"))

    # timeline
    t = ("timeline", "--as-of", AS_OF)
    yield Case("timeline", t)
    yield Case("timeline-80", (*t, "--width", "80"))
    yield Case("timeline-120", (*t, "--width", "120"))
    yield Case("timeline-40", (*t, "--width", "40"))
    yield Case("timeline-400", (*t, "--width", "400"))
    yield Case("timeline-session", (*t, "--width", "80", "--kind", "session"))
    yield Case("timeline-window", (*t, "--from", "2021-01-01", "--to", "2021-06-30"))
    yield Case("timeline-scheme", (*t, "--scheme", "rff", "--width", "100"))
    yield Case("timeline-search", (*t, "--search", "strategi"))
    yield Case(
        "timeline-pictures",
        (*t, "--width", "100", "--svg", "{out}/t.svg", "--html", "{out}/t.html"),
        files=("t.svg", "t.html"),
    )
    yield Case("timeline-bad-width", (*t, "--width", "39"))
    yield Case("timeline-bad-window", (*t, "--from", "2021-06-30", "--to", "2021-01-01"))

    # validate and schema
    yield Case("validate", ("validate",))
    yield Case("validate-broken", ("validate",), dataset="broken")
    yield Case("validate-broken-argument", ("validate", "{work}/data-broken"))
    yield Case("validate-incomplete", ("validate", "{work}/data-incomplete"))
    yield Case("deadlines-broken", ("deadlines", "--as-of", AS_OF), dataset="broken")
    yield Case("validate-refs", ("validate",), dataset="refs")
    yield Case("show-refs", ("show", "frist-a"), dataset="refs")
    yield Case("schema", ("schema",))
    for file in ("schemes", "plans", "contacts", "nope"):
        yield Case(f"schema-{file}", ("schema", file))

    # 10 000 deadlines
    for case in (
        Case("10k-deadlines", d),
        Case("10k-deadlines-json", (*d, "-f", "json")),
        Case("10k-deadlines-csv", (*d, "-f", "csv")),
        Case("10k-schemes-json", ("schemes", "--as-of", AS_OF, "-f", "json")),
        Case("10k-plans-json", ("plans", "--as-of", AS_OF, "-f", "json")),
        Case("10k-sessions-json", ("sessions", "-f", "json")),
        Case("10k-ics", ("export-ics",)),
        Case("10k-timeline-120", (*t, "--width", "120")),
        Case("10k-validate", ("validate",)),
        Case("10k-show-scheme", ("show", "ordning-7")),
        Case("10k-show-deadline-json", ("show", "frist-17", "-f", "json")),
        Case("10k-fee-table", ("fee", "--table")),
    ):
        yield Case(case.name, case.args, "10k", case.stdin, case.files)


CASES = tuple(_cases())


def interpreter(viken: Path) -> str:
    """The Python that runs ``viken`` (its script's #! line), to generate data with."""
    try:
        with viken.open("rb") as script:
            first = script.readline().decode("utf-8", "replace").strip()
    except OSError:
        first = ""
    if first.startswith("#!") and Path(first[2:].split()[0]).is_file():
        return first[2:].split()[0]
    sibling = viken.parent / "python"
    return str(sibling) if sibling.is_file() else sys.executable


def generate(folder: Path, deadlines: int, seed: int) -> None:
    """``run.generate``, loaded from this folder (it finds the data through
    importlib.resources, so it works with any build of the package)."""
    spec = importlib.util.spec_from_file_location("run", HERE / "run.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{HERE / 'run.py'}: cannot be loaded")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    run.generate(folder, deadlines, seed)


@dataclass
class Run:
    viken: Path
    work: Path
    env: dict[str, str]
    package: str  # folder of the installed vikentool, replaced by {vikentool}
    data_hash: str  # sha256 over the generated 10 000 deadline data


def prepare(viken: Path, work: Path, need_10k: bool) -> Run:
    """The run's folder: cache, CSV files, the broken data and (if needed) the 10k data."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED and not k.startswith("VIKEN_")}
    env.update(ENV, XDG_CACHE_HOME=str(work / "cache"))
    python = interpreter(viken)
    found = subprocess.run(
        [python, "-c", "import os, vikentool; print(os.path.dirname(vikentool.__file__))"],
        capture_output=True,
        text=True,
        env=env,
    )
    package = found.stdout.strip() if found.returncode == 0 else ""
    (work / "fee.csv").write_text(FEE_CSV, encoding="utf-8")
    (work / "fee-semicolon.csv").write_text(FEE_CSV_SEMICOLON, encoding="utf-8")
    (work / "fee-bad.csv").write_text(FEE_CSV_BAD, encoding="utf-8")
    # A separate process, so the data comes from the installation under test.
    data = work / "data-10k"
    command = [python, __file__, "generate", str(data), str(DEADLINES), str(SEED)]
    subprocess.run(command, check=True, env=env)
    digest = hashlib.sha256()
    for path in sorted(data.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    broken = work / "data-broken"
    broken.mkdir()
    for name in ("plans.yaml", "contacts.yaml"):
        shutil.copy(data / name, broken / name)
    (broken / "schemes.yaml").write_text(BROKEN_SCHEMES, encoding="utf-8")
    refs = work / "data-refs"
    shutil.copytree(broken, refs)
    (refs / "schemes.yaml").write_text(REFS_SCHEMES, encoding="utf-8")
    incomplete = work / "data-incomplete"
    incomplete.mkdir()
    shutil.copy(data / "contacts.yaml", incomplete / "contacts.yaml")
    if not need_10k:
        for path in data.iterdir():
            path.unlink()
        data.rmdir()
    return Run(viken, work, env, package, digest.hexdigest())


@dataclass
class Result:
    streams: dict[str, bytes]  # suffix (out, err, code, file-NAME) -> bytes


def normalise(run: Run, data: bytes) -> bytes:
    data = data.replace(str(run.work).encode(), b"{work}")
    if run.package:
        data = data.replace(run.package.encode(), b"{vikentool}")
    return data


def execute(run: Run, case: Case) -> Result:
    out = run.work / "out" / case.name
    out.mkdir(parents=True)
    places = {"{work}": str(run.work), "{out}": str(out)}
    args = []
    for arg in case.args:
        for key, value in places.items():
            arg = arg.replace(key, value)
        args.append(arg)
    prefix = (
        [] if case.dataset == "embedded" else ["--data-dir", str(run.work / f"data-{case.dataset}")]
    )
    done = subprocess.run(
        [str(run.viken), *prefix, *args],
        input=case.stdin,
        capture_output=True,
        env=run.env,
        cwd=run.work,
        timeout=300,
    )
    streams = {
        "out": normalise(run, done.stdout),
        "err": normalise(run, done.stderr),
        "code": f"{done.returncode}\n".encode(),
    }
    for name in case.files:
        path = out / name
        content = path.read_bytes() if path.is_file() else b"(not written)\n"
        streams[f"file-{name}"] = normalise(run, content)
    return Result(streams)


def show_diff(suffix: str, before: bytes, after: bytes) -> list[str]:
    def lines(data: bytes) -> list[str]:
        text = data.decode("utf-8", "backslashreplace").replace("\r", "\\r")
        return text.splitlines(keepends=True)

    diff = difflib.unified_diff(lines(before), lines(after), f"before.{suffix}", f"after.{suffix}")
    return [line if line.endswith("\n") else line + "\n" for line in diff]


def selected(only: list[str] | None) -> list[Case]:
    if not only:
        return list(CASES)
    return [case for case in CASES if any(part in case.name for part in only)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", choices=("record", "compare", "generate"))
    parser.add_argument("directory", nargs="?", type=Path, help="folder of the golden outputs")
    parser.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument(
        "--viken",
        type=Path,
        default=Path(sys.executable).parent / "viken",
        help="the viken to run (default: the one next to this Python)",
    )
    parser.add_argument(
        "--only", action="append", metavar="SUBSTRING", help="cases whose name contains it"
    )
    parser.add_argument("--list", action="store_true", help="print the cases and stop")
    args = parser.parse_args()
    if args.action == "generate":  # internal: run in the Python of the viken under test
        generate(args.directory, int(args.extra[0]), int(args.extra[1]))
        return
    cases = selected(args.only)
    if args.list:
        for case in cases:
            where = "" if case.dataset == "embedded" else f"[{case.dataset}] "
            print(f"{case.name:<42} {where}viken {' '.join(case.args)}")
        print(f"{len(cases)} cases")
        return
    if args.action is None or args.directory is None:
        parser.error("give record DIR or compare DIR (or --list)")
    if not cases:
        parser.error("no case matches --only")
    viken = args.viken.absolute()
    if not viken.is_file():
        parser.error(f"{viken}: no such program")
    golden: Path = args.directory
    recording = args.action == "record"
    if recording:
        golden.mkdir(parents=True, exist_ok=True)
    elif not golden.is_dir():
        parser.error(f"{golden}: no recorded outputs")
    started = time.perf_counter()
    same = differ = 0
    with tempfile.TemporaryDirectory(prefix="viken-compare-") as tmp:
        need_10k = any(case.dataset == "10k" for case in cases)
        run = prepare(viken, Path(tmp).resolve(), need_10k)
        hash_file = golden / "_data-10k.sha256"
        if recording:
            hash_file.write_text(run.data_hash + "\n", encoding="ascii")
        elif hash_file.is_file() and hash_file.read_text("ascii").strip() != run.data_hash:
            print("NOTE: the generated 10 000-deadline data differs from the recorded run's")
            differ += 1
        for case in cases:
            result = execute(run, case)
            if recording:
                for stale in golden.glob(f"{case.name}.*"):
                    stale.unlink()
                for suffix, data in result.streams.items():
                    (golden / f"{case.name}.{suffix}").write_bytes(data)
                print(f"{case.name:<42} exit {result.streams['code'].decode().strip()}")
                continue
            recorded = {
                path.name[len(case.name) + 1 :]: path.read_bytes()
                for path in golden.glob(f"{case.name}.*")
                if path.name[len(case.name) + 1 :] in ("out", "err", "code")
                or path.name[len(case.name) + 1 :].startswith("file-")
            }
            if not recorded:
                print(f"{case.name}: not recorded")
                differ += 1
                continue
            diff: list[str] = []
            for suffix in sorted(set(recorded) | set(result.streams)):
                before = recorded.get(suffix, b"(missing)\n")
                after = result.streams.get(suffix, b"(missing)\n")
                if before != after:
                    diff += show_diff(suffix, before, after)
            if diff:
                differ += 1
                print(f"{case.name}: DIFFERS")
                sys.stdout.writelines("    " + line for line in diff[:DIFF_LINES])
                if len(diff) > DIFF_LINES:
                    print(f"    ... {len(diff) - DIFF_LINES} more diff lines")
            else:
                same += 1
                print(f"{case.name}: same")
    seconds = time.perf_counter() - started
    if recording:
        print(f"recorded {len(cases)} cases in {golden} ({seconds:.0f} s)")
        return
    print(f"{same} same, {differ} differ ({seconds:.0f} s)")
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
