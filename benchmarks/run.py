"""Benchmark: whole-process timings of ``viken`` against the interpreter's floor.

    python benchmarks/run.py            # all sizes (about two minutes)
    python benchmarks/run.py --quick    # the embedded data and 1 000 deadlines only
    python benchmarks/run.py --hostile  # issue 18's growth limits (about two minutes)

It generates synthetic catalogs in the real data format (1 000, 10 000 and 50 000 deadlines,
a realistic mix of date forms, Norwegian text, 300 schemes) in a temporary folder, runs each
command several times as a separate process, and prints the medians, the ratios to
``python -c "import typer"`` measured in the same run, peak memory, and how each command
grows from 10 000 to 50 000 deadlines. Timings use a warm catalog cache (the first run of each
command fills it; ``cold`` columns run with ``VIKEN_CACHE=0``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
VIKEN = str(BIN / "viken")
SIZES = (1_000, 10_000, 50_000)

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


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and peak resident memory (MB) of ``runs`` separate processes."""
    times: list[float] = []
    peak = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed with {status}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


COMMANDS = {
    "fee --population 6200": ["fee", "--population", "6200"],
    "deadlines --before 2021-04-12 --format json": [
        "deadlines",
        "--before",
        "2021-04-12",
        "--format",
        "json",
    ],
    "--help": ["--help"],
    "export-ics": ["export-ics"],
    "validate": ["validate"],
    # {site}: a folder of the run's own; every run replaces the site the last one wrote.
    "publish": ["publish", "{site}", "--as-of", "2021-03-15"],
    # The whole e-mail (text, HTML and the calendar), as cron sends it each week.
    "digest --format eml": [
        "digest",
        "--as-of",
        "2021-03-15",
        "--format",
        "eml",
        "--from",
        "frister@example.no",
    ],
}
TARGET_RATIO = {
    "fee --population 6200": 1.6,
    "deadlines --before 2021-04-12 --format json": 2.0,
    "--help": 2.0,
}
TARGET_SECONDS = {
    "deadlines --before 2021-04-12 --format json": 2.0,
    "export-ics": 10.0,
    "validate": 3.0,
    "publish": 20.0,
    "digest --format eml": 5.0,
}
TARGET_MB = {"publish": 500}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="embedded data and 1 000 only")
    parser.add_argument("--runs", type=int, default=7, help="runs per command on small data")
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
    sizes = SIZES[:1] if args.quick else SIZES
    with tempfile.TemporaryDirectory(prefix="viken-bench-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        env.pop("VIKEN_DATA_DIR", None)
        floor_pass, _ = measure([sys.executable, "-c", "pass"], args.runs, env)
        floor_typer, floor_mem = measure([sys.executable, "-c", "import typer"], args.runs, env)
        print(f"python -c pass          {floor_pass * 1000:7.1f} ms")
        print(
            f"python -c 'import typer' {floor_typer * 1000:6.1f} ms"
            f"  (the floor; {floor_mem:.0f} MB)"
        )
        print()
        header = (
            f"{'data':>9}  {'command':<45} {'median':>9} {'× floor':>8} {'peak MB':>8}"
            f" {'cold':>9} {'cold MB':>8}  target"
        )
        print(header)
        print("-" * len(header))
        results: dict[tuple[str, str], float] = {}
        datasets: list[tuple[str, list[str]]] = [("embedded", [])]
        for size in sizes:
            # In a child process: a forked child's peak memory starts at its parent's size,
            # so this process must stay small for the "peak MB" column to mean anything.
            folder = root / f"data-{size}"
            subprocess.run(
                [sys.executable, __file__, "--generate", str(folder), str(size)], check=True
            )
            datasets.append((f"{size:,}".replace(",", " "), ["--data-dir", str(folder)]))
        for label, prefix in datasets:
            big = label not in ("embedded", "1 000")
            runs = 3 if big else args.runs
            for name, command in COMMANDS.items():
                if name == "--help" and label != "embedded":
                    continue
                site = str(root / f"site-{label.replace(' ', '')}")
                full = [VIKEN, *prefix, *(site if part == "{site}" else part for part in command)]
                subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
                warm, peak = measure(full, runs, env)
                cold, cold_peak = measure(full, 1 if big else 3, {**env, "VIKEN_CACHE": "0"})
                results[(label, name)] = warm
                target = ""
                if label == "embedded" and name in TARGET_RATIO:
                    ok = warm / floor_typer <= TARGET_RATIO[name]
                    target = f"≤ {TARGET_RATIO[name]}×: {'met' if ok else 'NOT met'}"
                elif label == "50 000" and name in TARGET_SECONDS:
                    limit = TARGET_MB.get(name, 400)
                    ok = warm <= TARGET_SECONDS[name] and peak <= limit
                    target = (
                        f"≤ {TARGET_SECONDS[name]:g} s, ≤ {limit} MB: {'met' if ok else 'NOT met'}"
                    )
                print(
                    f"{label:>9}  {name:<45} {warm * 1000:7.0f}ms {warm / floor_typer:7.2f}× "
                    f"{peak:8.0f} {cold * 1000:7.0f}ms {cold_peak:8.0f}  {target}"
                )
        if not args.quick:
            print()
            print("growth from 10 000 to 50 000 deadlines (5× the data; linear is ≤ 5×):")
            for name in COMMANDS:
                if ("10 000", name) in results:
                    ratio = results[("50 000", name)] / results[("10 000", name)]
                    print(
                        f"  {name:<45} {ratio:5.2f}×  "
                        f"{'linear or better' if ratio <= 5.5 else 'FASTER THAN LINEAR'}"
                    )


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
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        env.pop("VIKEN_DATA_DIR", None)
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
            full = [VIKEN, *command]
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
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        env.pop("VIKEN_DATA_DIR", None)
        text = _PAGE * (1_000_000 // len(_PAGE.encode("utf-8")) + 1)
        lined, one_line = root / "document.txt", root / "one-line.txt"
        lined.write_text(text, encoding="utf-8")
        one_line.write_text(text.replace("\n", " "), encoding="utf-8")
        viken = [sys.executable, "-m", "vikentool"]
        print(f"{'document':<22} {'format':<7} {'median':>9} {'peak MB':>8}")
        for path in (lined, one_line):
            size = path.stat().st_size / 1_000_000
            for fmt in ("table", "json", "yaml"):
                command = [*viken, "extract", str(path), "--document-date", "2021-02-26"]
                seconds, peak = measure([*command, "-f", fmt], 3, env)
                name = f"{path.name} ({size:.1f} MB)"
                print(f"{name:<22} {fmt:<7} {seconds:8.2f}s {peak:8.0f}")


if __name__ == "__main__":
    main()
