"""Benchmark: ``viken``'s whole-process timings against the interpreter's floor (issue 19).

    python benchmarks/run.py                  # everything (the big data takes a long while)
    python benchmarks/run.py --quick          # the embedded data only, warm and cold
    python benchmarks/run.py --sizes 10000    # other generated sizes than 50 000 and 100 000
    python benchmarks/run.py --baseline /tmp/ex/base/src --runs-big 1   # before and after
    python benchmarks/run.py --markdown       # the tables as Markdown, for the README
    python benchmarks/run.py --hostile        # issue 18's limits for hostile or huge input
    python benchmarks/run.py --extract        # viken extract of a 1 MB document

Run it with the project's interpreter (``.venv/bin/python``); progress goes to stderr, the
tables to stdout. Every command is a separate process, ``python -m vikentool ...`` with
``PYTHONPATH`` set to the ``src`` folder measured, so that a baseline checkout and the current
code start the same way. What runs is a copy of that folder's package taken at the start:
the catalog cache's key covers every source file, so an edit made during a run of the
benchmark would otherwise turn warm runs cold. The installed ``viken`` script calls the same
``main`` and was within the noise of ``python -m vikentool`` when this was written, so the
figures hold for it too. The floor is ``python -c "import typer"``: the same interpreter and
environment, importing the CLI library and nothing of the tool's. Memory is the process's
peak resident size (MB).

1. Warm cache, embedded data. Each command runs once unmeasured (filling the catalog cache
   and writing the copy's bytecode), then ``--runs`` rounds of: the floor, then the command.
   Printed: the command's median, the median of its own paired floor, their ratio, the peak
   memory, and the issue's goal for the ratio where it sets one.
2. Cold first runs, embedded data. Every measured run gets a new, empty cache folder, so it
   parses and validates the data and writes the cache, as the first run after installing does
   (``VIKEN_CACHE=0`` would skip that write). Paired with the floor as above.
3. Big data (not with ``--quick``): catalogs of generated deadlines in the real data format
   (``--sizes``). Each size's cache is filled by one unmeasured run, then every command runs
   ``--runs-big`` times warm, except ``validate``, which runs cold (``VIKEN_CACHE=0``). The
   commands whose work should not depend on the number of deadlines run, in each round, next
   to the same command on the embedded data, and their ratio to it is printed. The goals are
   set at 50 000 deadlines. Last, each command's growth from one size to the next: linear
   growth is the ratio of the sizes, and the goal allows 2.5 % more (2.05 from 50 000 to
   100 000).

``--baseline SRC`` (the ``src`` folder of another checkout, e.g. made with ``git worktree add
/tmp/ex/base <commit>``) runs every measurement for that code and the current code, alternated
in each round (the floor, the baseline, the current code), each with a cache folder of its own,
and prints their figures side by side. Goals are judged on the current code, with the
baseline's verdict in brackets. The baseline can be slow on big data: ``--runs-big 1``.

The environment: ``XDG_CACHE_HOME`` in a temporary folder; ``VIKEN_DATA_DIR``, ``VIKEN_CACHE``
and ``PYTHONDONTWRITEBYTECODE`` removed (without bytecode on disk every run would compile every
module it imports, which no installed copy does). A run's exit code must be 0 or 1; any other
marks its row "failed".
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src"
VIKEN = [sys.executable, "-m", "vikentool"]
FLOOR = [sys.executable, "-c", "import typer"]
SIZES = (50_000, 100_000)
GOAL_SIZE = 50_000  # the big-data goals are the for this many deadlines

# Who may apply, by the tool's categories (domain.applicants), some schemes silent on it.
CATEGORIES = ("business", "municipality", "region", "organisation")
WORDS = (
    "næring",
    "innovasjon",
    "kompetanse",
    "landbruk",
    "reiseliv",
    "klynge",
    "bygdemiljø",
    "kultur",
    "frivillighet",
    "idrett",
    "friluftsliv",
    "distrikt",
    "omstilling",
    "grønn",
    "sirkulær",
    "digital",
    "forskning",
    "samferdsel",
    "kulturarv",
    "opplevelse",
    "gründer",
    "etablerer",
    "vekst",
    "havbruk",
    "skog",
    "fjell",
    "kyst",
    "innland",
    "småby",
)
MONTHS_NO = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def _date_spec(rng: random.Random) -> str:
    year = rng.randint(2020, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    tentative = ", tentative: true" if rng.random() < 0.1 else ""
    inferred = ", year_inferred: true" if rng.random() < 0.3 else ""
    if roll < 0.60:
        return (
            f"{{day: {year}-{month:02d}-{day:02d}{tentative}{inferred}, "
            f'as_written: "Søknadsfrist {day}. {MONTHS_NO[month - 1]}"}}'
        )
    if roll < 0.70:
        end = min(28, day + rng.randint(1, 6))
        return (
            f"{{from: {year}-{month:02d}-{day:02d}, to: {year}-{month:02d}-{end:02d}"
            f'{tentative}{inferred}, as_written: "{day}.-{end}. {MONTHS_NO[month - 1]} ?"}}'
        )
    if roll < 0.80:
        return (
            f"{{month: {year}-{month:02d}{tentative}{inferred}, "
            f'as_written: "i {MONTHS_NO[month - 1]}"}}'
        )
    if roll < 0.88:
        other = min(12, month + rng.randint(1, 4))
        return (
            f"{{either: [{year}-{month:02d}, {year}-{other:02d}]{inferred}, "
            f'as_written: "til {MONTHS_NO[month - 1]} eller {MONTHS_NO[other - 1][:4]}."}}'
        )
    if roll < 0.93:
        return f'{{year: {year}, as_written: "i {year}"}}'
    if roll < 0.97:
        return '{unknown: true, as_written: "Lyses ut i løpet av kort tid"}'
    return '{rolling: true, as_written: "løpende"}'


def generate(folder: Path, deadlines: int, seed: int = 2021) -> Path:
    """A data directory with ``deadlines`` deadlines over 300 schemes, in the real format."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    from importlib import resources  # the package's data, whatever its module layout

    embedded = Path(str(resources.files("vikentool").joinpath("data")))
    shutil.copy(embedded / "plans.yaml", folder / "plans.yaml")
    shutil.copy(embedded / "contacts.yaml", folder / "contacts.yaml")
    contacts = [
        "mette-thielemann",
        "knut-fossgard",
        "anne-wold",
        "oyvind-michelsen",
        "janne-buhaug",
    ]
    lines = ["schemes:"]
    for n in range(300):
        name = " ".join(rng.choice(WORDS) for _ in range(3)).capitalize()
        millions = rng.randint(1, 50)
        lines += [
            f"  - id: ordning-{n}",
            f'    name: "{name} {n}"',
            "    owner: Viken fylkeskommune",
            f'    budget: {{nok: {millions * 1_000_000}, as_written: "{millions} mill"}}',
            "    applicants:",
            f"      - {{category: {rng.choice(CATEGORIES)}, as_written:"
            f' ["For dem som arbeider med {rng.choice(WORDS)}"]}}',
            f"    contacts: [{rng.choice(contacts)}]",
            '    source: {document: syntetisk.txt, location: "Side ' + str(n % 40 + 1) + '"}',
        ]
    lines.append("deadlines:")
    kinds = (
        ["application_deadline"] * 14
        + ["hearing_deadline"] * 3
        + ["announcement"] * 2
        + ["milestone"]
    )
    for n in range(deadlines):
        scheme = rng.randrange(300)
        lines += [
            f"  - id: frist-{n}",
            f"    scheme: ordning-{scheme}",
            f"    kind: {rng.choice(kinds)}",
            f'    title: "Søknadsfrist: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {n}"',
            f"    date: {_date_spec(rng)}",
            '    source: {document: syntetisk.txt, location: "Side ' + str(n % 40 + 1) + '"}',
        ]
    (folder / "schemes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class Failed(Exception):
    """A run that ended with an exit code other than 0 or 1."""


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    # wait4, not wait: the child's own peak memory comes with its exit status.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise Failed(f"exit {code}")
    return seconds, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and peak resident memory (MB) of ``runs`` separate processes."""
    try:
        results = [run_once(command, env) for _ in range(runs)]
    except Failed as error:
        raise SystemExit(f"{' '.join(command)} failed: {error}") from None
    return statistics.median(s for s, _ in results), max(mb for _, mb in results)


@dataclass
class Run:
    """One process that every round times: its command line and environment."""

    command: list[str]
    env: dict[str, str]
    # A folder in which each run gets a new, empty cache folder of its own.
    fresh_caches: Path | None = None

    def once(self) -> tuple[float, float]:
        if self.fresh_caches is None:
            return run_once(self.command, self.env)
        folder = tempfile.mkdtemp(dir=self.fresh_caches)
        try:
            return run_once(self.command, {**self.env, "XDG_CACHE_HOME": folder})
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Sample:
    """The timings of one ``Run``, or why it stopped."""

    times: list[float] = field(default_factory=list)
    peak: float = 0.0
    failure: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.failure else None


def rounds(runs: Sequence[Run], count: int, warm_up: bool = True) -> list[Sample]:
    """``count`` rounds of each of ``runs`` in turn, so that whatever else the machine is doing
    weighs on all of them alike; first one unmeasured round when ``warm_up``."""
    samples = [Sample() for _ in runs]
    for measured in [False] * warm_up + [True] * count:
        for run, sample in zip(runs, samples, strict=True):
            if sample.failure:
                continue
            try:
                seconds, peak = run.once()
            except Failed as error:
                sample.failure = str(error)
                continue
            if measured:
                sample.times.append(seconds)
                sample.peak = max(sample.peak, peak)
    return samples


SITE = "{site}"  # stands for the side's own site folder: each run replaces the last one's site


@dataclass(frozen=True)
class Case:
    """A command to measure and the issue's goals for it."""

    arguments: tuple[str, ...]
    ratio: float | None = None  # the most its median may be over the floor's (big: embedded's)
    seconds: float | None = None  # on big data, at GOAL_SIZE deadlines
    megabytes: float | None = None  # likewise
    independent: bool = False  # on big data: should cost what it costs on the embedded data
    cold: bool = False  # on big data: with VIKEN_CACHE=0
    note: str = ""

    @property
    def label(self) -> str:
        words = " ".join("SITE" if word == SITE else word for word in self.arguments)
        return f"{words} ({self.note})" if self.note else words


AS_OF = ("--as-of", "2021-03-01")
WARM = (
    Case(("--help",), ratio=1.2),
    Case(("fee", "--population", "6200"), ratio=1.3),
    Case(("deadlines", *AS_OF, "--format", "json"), ratio=1.3),
    Case(("deadlines", *AS_OF), ratio=1.5),
    Case(("deadlines", *AS_OF, "--format", "csv")),
    Case(("schemes",), ratio=1.5),
    Case(("schemes", "--format", "json")),
    Case(("plans",), ratio=1.5),
    Case(("sessions",), ratio=1.5),
    Case(("timeline", *AS_OF), ratio=1.5),
    Case(("show", "bio"), ratio=1.5),
    Case(("export-ics",)),
    Case(("validate",)),
    # The whole e-mail (text, HTML and the calendar), as cron sends it each week.
    Case(("digest", "--as-of", "2021-03-15", "--format", "eml", "--from", "frister@example.no")),
    Case(("publish", SITE, "--as-of", "2021-03-15")),
    Case(("deadlines", *AS_OF, "--lead", "5")),
)
COLD = (
    Case(("fee", "--population", "6200"), ratio=3.0),
    Case(("deadlines", *AS_OF), ratio=3.0),
    Case(("export-ics",), ratio=3.0),
    Case(("timeline", *AS_OF), ratio=3.0),
)
AS_OF_BIG = ("--as-of", "2021-01-01")
BIG = (
    Case(("deadlines", *AS_OF_BIG), seconds=3.0),
    Case(("deadlines", *AS_OF_BIG, "--format", "json")),
    Case(("export-ics",), seconds=3.0),
    Case(("timeline", *AS_OF_BIG), seconds=3.0),
    Case(("schemes",), ratio=1.2, independent=True),
    Case(("plans",), ratio=1.2, independent=True),
    Case(("sessions",), ratio=1.2, independent=True),
    Case(("fee", "--population", "6200"), ratio=1.2, independent=True),
    Case(("show", "ordning-1")),
    Case(("validate",), seconds=3.0, megabytes=300, cold=True, note="cold"),
)
GROWTH_SLACK = 1.025  # how much faster than the data a command may grow and still pass


@dataclass(frozen=True)
class Side:
    """A version of the code to measure: its ``src`` folder, cache and site folders."""

    name: str  # "before" or "after"; empty when only the current code is measured
    source: Path
    folder: Path

    @classmethod
    def copy_of(cls, name: str, source: Path, folder: Path) -> Side:
        """A side that runs a copy of ``source``'s package, taken now: the catalog cache's key
        covers every source file, so an edit made while the benchmark runs would otherwise
        turn the following warm runs into cold ones (and recompile bytecode)."""
        copy = folder / "src"
        shutil.copytree(
            source / "vikentool",
            copy / "vikentool",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        return cls(name, copy, folder)

    def env(self, base: dict[str, str], **extra: str) -> dict[str, str]:
        cache = str(self.folder / "cache")
        return {**base, "PYTHONPATH": str(self.source), "XDG_CACHE_HOME": cache, **extra}

    def command(self, arguments: Sequence[str], data: Path | None = None) -> list[str]:
        site = str(self.folder / "site")
        words = [site if word == SITE else word for word in arguments]
        return [*VIKEN, *(["--data-dir", str(data)] if data else []), *words]

    def column(self, heading: str) -> str:
        return f"{self.name} {heading}" if self.name else heading


@dataclass
class Table:
    """Rows under a title; the first and last columns (command and target) read left."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def render(self, markdown: bool) -> str:
        last = len(self.headers) - 1
        if markdown:
            rule = ["---" if i in (0, last) else "---:" for i in range(len(self.headers))]
            lines = [f"**{self.title}**", "", *(self._row(r) for r in (self.headers, rule))]
            lines += [self._row([f"`{row[0]}`", *row[1:]]) for row in self.rows]
            return "\n".join(lines)
        widths = [max(map(len, column)) for column in zip(self.headers, *self.rows, strict=True)]
        lines = [self.title, ""]
        for row in (self.headers, ["-" * width for width in widths], *self.rows):
            cells = (
                cell.ljust(width) if i in (0, last) else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    @staticmethod
    def _row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def _s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


def _mb(sample: Sample) -> str:
    return "-" if sample.failure or not sample.times else f"{sample.peak:.0f}"


def _ratio(value: float | None, reference: float | None) -> float | None:
    return None if value is None or not reference else value / reference


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _verdict(goal: str, passed: Sequence[bool | None]) -> str:
    """``goal: met`` for the current code (the last side), the baseline's in brackets."""

    def word(ok: bool | None) -> str:
        return "failed" if ok is None else "met" if ok else "NOT met"

    text = f"{goal}: {word(passed[-1])}"
    return text if len(passed) == 1 else f"{text} (before: {word(passed[0])})"


def _report_failures(case: Case, samples: Sequence[Sample]) -> None:
    for sample in samples:
        if sample.failure:
            _progress(f"failed: {case.label}: {sample.failure}")


def paired_section(
    title: str,
    cases: Sequence[Case],
    sides: Sequence[Side],
    base: dict[str, str],
    runs: int,
    fresh_caches: Path | None = None,
) -> Table:
    """Each case's median for every side next to the floor timed in the same rounds."""
    table = Table(
        title,
        [
            "command",
            "floor ms",
            *(side.column("ms") for side in sides),
            *(side.column("× floor") for side in sides),
            *(side.column("peak MB") for side in sides),
            "target",
        ],
    )
    for case in cases:
        _progress(case.label)
        # The floor in the current code's environment, which differs from a baseline's only
        # by PYTHONPATH and the cache folder, neither of which typer's import reads.
        floor = Run(FLOOR, sides[-1].env(base))
        own = [Run(side.command(case.arguments), side.env(base), fresh_caches) for side in sides]
        floor_sample, *samples = rounds([floor, *own], runs)
        ratios = [_ratio(sample.median, floor_sample.median) for sample in samples]
        target = "-"
        if case.ratio is not None:
            passed = [None if r is None else r <= case.ratio for r in ratios]
            target = _verdict(f"≤ {case.ratio:g}×", passed)
        table.rows.append(
            [
                case.label,
                _ms(floor_sample.median),
                *(_ms(sample.median) for sample in samples),
                *(_times(r) for r in ratios),
                *(_mb(sample) for sample in samples),
                target,
            ]
        )
        _report_failures(case, [floor_sample, *samples])
    return table


def big_section(
    size: int,
    data: Path,
    sides: Sequence[Side],
    base: dict[str, str],
    runs: int,
    medians: dict[tuple[str, int], float | None],
) -> Table:
    """The big-data table for ``size`` deadlines; each (case, side)'s median into ``medians``."""
    for side in sides:
        _progress(f"filling the cache ({side.name or 'current'})")
        try:
            Run(side.command(["sessions"], data), side.env(base)).once()
        except Failed as error:
            _progress(f"failed: sessions: {error}")
    table = Table(
        f"{_number(size)} generated deadlines, warm cache unless marked cold (seconds, MB)",
        [
            "command",
            *(side.column("s") for side in sides),
            *(side.column("peak MB") for side in sides),
            *(side.column("× embedded") for side in sides),
            "target",
        ],
    )
    for case in BIG:
        _progress(f"{_number(size)}: {case.label}")
        work: list[Run] = []
        for side in sides:
            if case.independent:
                work.append(Run(side.command(case.arguments), side.env(base)))
            extra = {"VIKEN_CACHE": "0"} if case.cold else {}
            work.append(Run(side.command(case.arguments, data), side.env(base, **extra)))
        samples = rounds(work, runs, warm_up=False)
        if case.independent:
            embedded, big = samples[0::2], samples[1::2]
            against = [_ratio(b.median, e.median) for e, b in zip(embedded, big, strict=True)]
        else:
            big, against = samples, []
        for index, sample in enumerate(big):
            medians[(case.label, index)] = sample.median
        target = "-"
        if size == GOAL_SIZE and case.independent and case.ratio is not None:
            limit = case.ratio
            passed = [None if r is None else r <= limit for r in against]
            target = _verdict(f"≤ {limit:g}× embedded", passed)
        elif size == GOAL_SIZE and case.seconds is not None:
            goal = f"≤ {case.seconds:g} s"
            passed = [
                None
                if sample.median is None
                else sample.median <= case.seconds
                and (case.megabytes is None or sample.peak <= case.megabytes)
                for sample in big
            ]
            if case.megabytes is not None:
                goal += f", ≤ {case.megabytes:g} MB"
            target = _verdict(goal, passed)
        table.rows.append(
            [
                case.label,
                *(_s(sample.median) for sample in big),
                *(_mb(sample) for sample in big),
                *((_times(r) for r in against) if case.independent else ["-"] * len(sides)),
                target,
            ]
        )
        _report_failures(case, samples)
    return table


def growth_table(
    sizes: Sequence[int],
    medians: dict[int, dict[tuple[str, int], float | None]],
    sides: Sequence[Side],
) -> Table:
    """How each big-data command's median grows from one size to the next."""
    table = Table(
        "Growth with the number of deadlines (linear: the ratio of the sizes)",
        ["command", "sizes", *(side.column("growth") for side in sides), "target"],
    )
    for small, large in itertools.pairwise(sizes):
        limit = GROWTH_SLACK * large / small
        for case in BIG:
            growth = [
                _ratio(medians[large][(case.label, index)], medians[small][(case.label, index)])
                for index in range(len(sides))
            ]
            passed = [None if g is None else g <= limit for g in growth]
            table.rows.append(
                [
                    case.label,
                    f"{_number(small)} → {_number(large)}",
                    *(_times(g) for g in growth),
                    _verdict(f"≤ {limit:.2f}×", passed),
                ]
            )
    return table


def environment() -> dict[str, str]:
    """This process's environment without what would change what or how a run measures."""
    env = dict(os.environ)
    for name in ("VIKEN_DATA_DIR", "VIKEN_CACHE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def _show(markdown: bool, item: Table | str) -> None:
    print(item.render(markdown) if isinstance(item, Table) else item, end="\n\n", flush=True)


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


def _number(size: int) -> str:
    return f"{size:,}".replace(",", " ")


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"not a list of positive numbers: {text!r}")
    return tuple(sorted(set(sizes)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the embedded data only")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=SIZES,
        metavar="N,N",
        help="generated deadlines for the big-data section (default: 50000,100000)",
    )
    parser.add_argument("--runs", type=int, default=7, help="rounds per command on embedded data")
    parser.add_argument("--runs-big", type=int, default=3, help="runs per command on big data")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC_DIR",
        help="the src folder of another checkout, measured alternately with the current code",
    )
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument(
        "--hostile", action="store_true", help="a 10 MB title, endless input, 100 000 deadlines"
    )
    parser.add_argument(
        "--extract", action="store_true", help="viken extract of a 1 MB document (goal: < 2 s)"
    )
    parser.add_argument(
        "--generate", nargs=2, metavar=("FOLDER", "DEADLINES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]))
        return
    if args.hostile:
        hostile()
        return
    if args.extract:
        extract_document()
        return
    if args.runs < 1 or args.runs_big < 1:
        parser.error("--runs and --runs-big must be at least 1")
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline and not (baseline / "vikentool" / "__main__.py").is_file():
        parser.error(f"{baseline} has no vikentool/__main__.py: give a checkout's src folder")
    base = environment()
    with tempfile.TemporaryDirectory(prefix="viken-bench-") as tmp:
        root = Path(tmp)
        versions = [("before", baseline), ("after", SOURCE)] if baseline else [("", SOURCE)]
        sides = [
            Side.copy_of(name, source, root / (name or "current")) for name, source in versions
        ]
        about = (
            f"{datetime.date.today().isoformat()}, {platform.platform()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
        )
        if baseline:
            about += f"; before: {baseline}, after: {SOURCE}"
        _show(args.markdown, about)
        warm_title = (
            f"Warm cache, embedded data: median of {_runs(args.runs)}, each paired with a run "
            'of python -c "import typer" (the floor)'
        )
        warm = partial(paired_section, warm_title, WARM, sides, base, args.runs)
        _show(args.markdown, warm())
        fresh = root / "cold"
        fresh.mkdir()
        cold_title = (
            f"Cold first runs, embedded data: median of {_runs(args.runs)}, each with a new, "
            "empty cache, paired with the floor"
        )
        cold = partial(paired_section, cold_title, COLD, sides, base, args.runs, fresh)
        _show(args.markdown, cold())
        if args.quick:
            return
        medians: dict[int, dict[tuple[str, int], float | None]] = {}
        for size in args.sizes:
            # In a child process: a forked child's peak memory starts at its parent's size,
            # so this process must stay small for the "peak MB" columns to mean anything.
            data = root / f"data-{size}"
            _progress(f"generating {_number(size)} deadlines")
            subprocess.run(
                [sys.executable, __file__, "--generate", str(data), str(size)],
                check=True,
                env=sides[-1].env(base),
            )
            medians[size] = {}
            section = partial(big_section, size, data, sides, base, args.runs_big, medians[size])
            _show(args.markdown, section())
        if len(args.sizes) > 1:
            _show(args.markdown, growth_table(args.sizes, medians, sides))


# Issue 18's limits: what hostile or huge input may cost at most (seconds, warm cache).
HOSTILE_SECONDS = {
    "show bio, a 10 MB name (refused)": 2.0,
    "fee --from-csv /dev/zero (refused)": 2.0,
    "validate": 10.0,
    "deadlines (table, piped)": 10.0,
}


def hostile() -> None:
    with tempfile.TemporaryDirectory(prefix="viken-hostile-") as tmp:
        root = Path(tmp)
        env = {**environment(), "XDG_CACHE_HOME": str(root / "cache")}
        embedded = Path(__file__).resolve().parents[1] / "src" / "vikentool" / "data"
        titled = root / "titled"
        shutil.copytree(embedded, titled)
        schemes = titled / "schemes.yaml"
        words = " ".join(["ordet"] * 1_700_000)  # about 10 MB
        text = schemes.read_text(encoding="utf-8")
        old = "name: Støtteordning for næringsutvikling og innovasjon"
        schemes.write_text(text.replace(old, f'name: "{words}"', 1), encoding="utf-8")
        big = root / "data-100000"
        subprocess.run([sys.executable, __file__, "--generate", str(big), "100000"], check=True)
        cases = {
            "show bio, a 10 MB name (refused)": ["--data-dir", str(titled), "show", "bio"],
            "fee --from-csv /dev/zero (refused)": ["fee", "--from-csv", "/dev/zero"],
            "validate": ["--data-dir", str(big), "validate"],
            "deadlines (table, piped)": [
                "--data-dir",
                str(big),
                "deadlines",
                "--as-of",
                "2021-01-01",
            ],
        }
        print(f"{'case':<40} {'median':>9} {'peak MB':>8}  target")
        for name, command in cases.items():
            full = [*VIKEN, *command]
            subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            seconds, peak = measure(full, 3, env)
            ok = seconds <= HOSTILE_SECONDS[name]
            print(
                f"{name:<40} {seconds:8.2f}s {peak:8.0f}  "
                f"≤ {HOSTILE_SECONDS[name]:g} s: {'met' if ok else 'NOT met'}"
            )


# A made-up page of the kind the documents are: headings whose date governs a list, dated
# bullets in every form the extractor reads, and paragraphs with numbers that are no dates.
_PAGE = """Nytt fra fylket

Søknadsfrist 12. april
• Næring og innovasjon (24 mill)

• Kultur og kulturarv (3,6 mill)

Andre søknadsfrister
• Klyngesatsing – 10.-15.mai ?
• FORREGION – knyttet til kompetansemeglere
• Regionale forskningsfond
▪ Kvalifiseringsprosjekter 1.mai
▪ Hovedprosjekter – til juni eller sept.

• Det betyr høring juni til september
- Ferdig og behandles i fylkestinget i juni evt. sept. (høring i april-ish)
Oppstart av nettverket er torsdag 03. mars 2022 kl 09.00 - 12.00. Samling i uke 44.
Kommunen betaler etter innbyggertall: opp til 5000 innbyggere, kr: 11.625; NOU 2020:12.

"""


def extract_document() -> None:
    """``viken extract`` of a 1 MB document in each format, with lines and as one line."""
    with tempfile.TemporaryDirectory(prefix="viken-extract-") as tmp:
        root = Path(tmp)
        env = {**environment(), "XDG_CACHE_HOME": str(root / "cache")}
        text = _PAGE * (1_000_000 // len(_PAGE.encode("utf-8")) + 1)
        lined, one_line = root / "document.txt", root / "one-line.txt"
        lined.write_text(text, encoding="utf-8")
        one_line.write_text(text.replace("\n", " "), encoding="utf-8")
        print(f"{'document':<22} {'format':<7} {'median':>9} {'peak MB':>8}")
        for path in (lined, one_line):
            size = path.stat().st_size / 1_000_000
            for fmt in ("table", "json", "yaml"):
                command = [*VIKEN, "extract", str(path), "--document-date", "2021-02-26"]
                seconds, peak = measure([*command, "-f", fmt], 3, env)
                name = f"{path.name} ({size:.1f} MB)"
                print(f"{name:<22} {fmt:<7} {seconds:8.2f}s {peak:8.0f}")


if __name__ == "__main__":
    main()
