"""A hostile machine around the tool (issue 18): special files and links as outputs, endless
and huge input, dates at the ends of the calendar, control characters, closed and full
streams, signals, odd environments, and growth. Each case of the issue's attack is named
here; the cache's cases (1-3 and the cache part of 9) are in ``tests/test_cache.py``.

The installed ``viken`` runs as its own process wherever a stream, a signal or a file of
the machine is the point; the rest runs in-process through the CLI.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.conftest import Invoke, edit
from tests.test_hostile import run_measured
from vikentool.render import tables
from vikentool.render.screen import console
from vikentool.render.styled import Text, wrapped

VIKEN = Path(sys.executable).parent / "viken"
AS_OF = "2021-02-26"
POSIX = pytest.mark.skipif(os.name != "posix", reason="special files, signals and ttys are POSIX")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(
    args: Sequence[str],
    env: Mapping[str, str] | None = None,
    **settings: object,
) -> subprocess.CompletedProcess[str]:
    """The installed ``viken ARGS``, in bokmål, with the test's private cache."""
    full = {k: v for k, v in os.environ.items() if k not in ("VIKEN_DATA_DIR", "COLUMNS")}
    full.update(env or {})
    settings.setdefault("stdout", subprocess.PIPE)
    settings.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(VIKEN), *args],
        encoding="utf-8",
        errors="replace",
        env=full,
        timeout=120,
        check=False,
        **settings,
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 4. outputs: the one writer -----------------------------------------------------------


@POSIX
def test_output_onto_a_character_device_writes_into_it(tmp_path: Path) -> None:
    """``-o /dev/null`` as root turned /dev/null into a regular file."""
    if ROOT:  # a null device of our own, so a failure cannot break the machine's
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = Path("/dev/null")
    for args in (
        ("deadlines", "--as-of", AS_OF, "-o", str(device)),
        ("export-ics", "-o", str(device)),
        ("timeline", "--as-of", AS_OF, "--svg", str(device), "--html", str(device)),
    ):
        done = run(args)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode), args
    if ROOT:
        assert listing(tmp_path) == ["null"]


@POSIX
def test_output_onto_dev_stdout_goes_down_the_stream(tmp_path: Path) -> None:
    piped = run(["deadlines", "--as-of", AS_OF, "-o", "/dev/stdout"])
    assert piped.returncode == 0 and "Søknadsfrist" in piped.stdout
    target = tmp_path / "out.txt"
    with target.open("w") as stream:
        done = run(["deadlines", "--as-of", AS_OF, "-o", "/dev/stdout"], stdout=stream)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == piped.stdout
    assert listing(tmp_path) == ["out.txt"]


@POSIX
def test_output_onto_a_fifo_feeds_its_reader(tmp_path: Path) -> None:
    """``-o FIFO`` replaced the FIFO with a file, and the reader waited for ever."""
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run(["export-ics", "-o", str(fifo)])
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")


@POSIX
def test_output_onto_a_socket_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        done = run(["deadlines", "-o", str(path)])
    finally:
        server.close()
    assert done.returncode == 1
    assert "er en enhet eller sokkel" in one_error_line(done.stderr)


def test_output_through_a_symlink_writes_its_target(viken: Invoke, tmp_path: Path) -> None:
    """The link was replaced by a file, and its target left stale."""
    target = tmp_path / "real" / "frister.txt"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "frister.txt"
    link.symlink_to(target)
    result = viken("deadlines", "--as-of", AS_OF, "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Søknadsfrist" in target.read_text(encoding="utf-8")
    assert listing(target.parent) == ["frister.txt"] and listing(tmp_path) == [
        "frister.txt",
        "real",
    ]
    dangling = tmp_path / "new.txt"
    dangling.symlink_to(tmp_path / "real" / "made.txt")
    assert viken("deadlines", "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "real" / "made.txt").is_file()


def test_output_onto_a_read_only_file_is_refused(viken: Invoke, tmp_path: Path) -> None:
    """A file of mode 0444 was overwritten (by root, whom the system lets)."""
    target = tmp_path / "locked.ics"
    target.write_bytes(b"KEEP")
    target.chmod(0o444)
    result = viken("export-ics", "-o", str(target))
    assert result.exit_code == 1
    assert "er skrivebeskyttet" in one_error_line(result.stderr)
    assert target.read_bytes() == b"KEEP" and listing(tmp_path) == ["locked.ics"]


def test_output_onto_a_hard_linked_file_keeps_every_name(viken: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    first.write_bytes(b"OLD" * 10_000)
    os.link(first, second)
    result = viken("export-ics", "-o", str(first))
    assert result.exit_code == 0, result.stderr
    assert os.path.samefile(first, second)
    assert second.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert second.read_bytes().endswith(b"END:VCALENDAR\r\n")  # the old tail cut off


@pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="no posix_fallocate")
def test_a_full_disk_leaves_a_hard_linked_file_whole(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found on a full disk: a hard-linked file, rewritten in place, was left cut short. The
    room is claimed before the first byte is overwritten, so the disk says no in time."""
    from vikentool.store import output

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    first.write_bytes(b"OLD CALENDAR")
    os.link(first, second)

    def full(fd: int, offset: int, size: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "posix_fallocate", full)
    result = viken("export-ics", "-o", str(first))
    assert result.exit_code == 1
    assert "ikke mer plass på enheten" in one_error_line(result.stderr)
    assert second.read_bytes() == b"OLD CALENDAR" and listing(tmp_path) == ["a.ics", "b.ics"]


def test_output_keeps_the_old_files_mode_and_owner(viken: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "shared.ics"
    target.write_bytes(b"OLD")
    target.chmod(0o640)
    if ROOT:  # a file of another user's, rewritten by root: still theirs
        os.chown(target, 4321, 4321)
    assert viken("export-ics", "-o", str(target)).exit_code == 0
    info = target.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if ROOT:
        assert (info.st_uid, info.st_gid) == (4321, 4321)


def test_output_with_the_longest_name_the_system_allows(viken: Invoke, tmp_path: Path) -> None:
    """A legal 254-character name failed: the temporary name was longer than 255."""
    longest = os.pathconf(tmp_path, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    target = tmp_path / ("x" * (longest - 4) + ".ics")
    result = viken("export-ics", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert listing(tmp_path) == [target.name]


def no_core_dump() -> None:
    """SIGQUIT ends a process with a core dump where the limits allow one."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


_STOPPED_IN_THE_WRITE = """
import os, signal, sys
from vikentool.store import output
real_fsync = os.fsync
def stopped(fd):
    os.kill(os.getpid(), signal.{name})
    real_fsync(fd)
output.os.fsync = stopped
sys.argv = ["viken", "export-ics", "-o", sys.argv[1]]
from vikentool.__main__ import main
main()
"""


@POSIX
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT"])
def test_a_signal_during_a_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, name: str
) -> None:
    """SIGTERM, SIGHUP and SIGQUIT left ``.NAME.xxxx.tmp`` behind."""
    target = tmp_path / "viken.ics"
    target.write_bytes(b"OLD CALENDAR")
    number = getattr(signal, name)
    done = subprocess.run(
        [sys.executable, "-c", _STOPPED_IN_THE_WRITE.format(name=name), str(target)],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=tmp_path,
        preexec_fn=no_core_dump,
    )
    # Ctrl-C inside a command is click's "aborted" (130); the others end by their signal.
    assert done.returncode == (130 if name == "SIGINT" else -number), (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == b"OLD CALENDAR"
    assert listing(tmp_path) == ["viken.ics"]


_SIGNALS_IN_THE_WRITE = """
import os, signal, sys
from vikentool.store import output
real_fsync = os.fsync
names = sys.argv[2].split(",")
def stopped(fd):
    for name in names:
        os.kill(os.getpid(), getattr(signal, name))
    real_fsync(fd)
output.os.fsync = stopped
sys.argv = ["viken", "export-ics", "-o", sys.argv[1]]
from vikentool.__main__ import main
main()
"""


def stopped_in_a_write(
    target: Path, names: str, ignored: str | None = None
) -> subprocess.CompletedProcess[str]:
    def prepare() -> None:
        no_core_dump()
        if ignored is not None:
            signal.signal(getattr(signal, ignored), signal.SIG_IGN)

    return subprocess.run(
        [sys.executable, "-c", _SIGNALS_IN_THE_WRITE, str(target), names],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        cwd=target.parent,
        preexec_fn=prepare,
    )


@POSIX
def test_a_signal_the_caller_ignores_stays_ignored(tmp_path: Path) -> None:
    """Found in review: under ``nohup`` (SIGHUP ignored) a hang-up stopped the run."""
    target = tmp_path / "viken.ics"
    target.write_bytes(b"OLD CALENDAR")
    done = stopped_in_a_write(target, "SIGHUP", ignored="SIGHUP")
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


@POSIX
def test_several_signals_at_once_end_by_one_without_a_traceback(tmp_path: Path) -> None:
    """Found in review: TERM, HUP and QUIT close together printed a traceback (or Python's
    "ignored due to race condition") and exited 1."""
    target = tmp_path / "viken.ics"
    target.write_bytes(b"OLD CALENDAR")
    done = stopped_in_a_write(target, "SIGTERM,SIGHUP,SIGQUIT,SIGINT")
    stops = {-signal.SIGTERM, -signal.SIGHUP, -signal.SIGQUIT, -signal.SIGINT, 130}
    assert done.returncode in stops, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "race condition" not in done.stderr
    assert target.read_bytes() == b"OLD CALENDAR" and listing(tmp_path) == ["viken.ics"]


@POSIX
def test_dev_stdout_shares_the_shells_file_with_stderr(tmp_path: Path) -> None:
    """Found in review: ``-o /dev/stdout > cal.ics 2>&1`` opened the file again, and the
    note on stderr overwrote the calendar's first lines."""
    target = tmp_path / "cal.ics"
    subprocess.run(
        f"exec {VIKEN} export-ics -o /dev/stdout > {target} 2>&1",
        shell=True,
        check=True,
        timeout=120,
    )
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "END:VCALENDAR\r\n" in text
    assert "utelatt" in text  # the note is there too, after what came before it


@POSIX
def test_dev_stdout_into_a_pipe_closed_early_is_success() -> None:
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{VIKEN} export-ics -o /dev/stdout | head -c 1"],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "B") and "feil" not in done.stderr


@POSIX
def test_a_removed_current_folder_names_the_file(tmp_path: Path) -> None:
    """Found in review: the error was blamed on standard output, which was then silenced."""
    gone = tmp_path / "gone"
    done = subprocess.run(
        f"mkdir {gone} && cd {gone} && rmdir {gone} && exec {VIKEN} deadlines -o out.txt",
        shell=True,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert one_error_line(done.stderr).startswith("viken: feil: out.txt: ")


@POSIX
@pytest.mark.skipif(not ROOT, reason="a link of another user's needs root to make")
def test_a_link_planted_by_another_user_in_a_shared_folder_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = shared / "frister.txt"
    link.symlink_to(victim)
    os.lchown(link, 4321, 4321)
    done = run(["deadlines", "-o", str(link)])
    assert done.returncode == 1
    assert "en annen bruker" in one_error_line(done.stderr)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_writable_file_in_a_folder_that_is_not_is_rewritten_in_place(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: refused, where the shell's ">" would write it."""
    from vikentool.store import output

    target = tmp_path / "frister.txt"
    target.write_text("old\n", encoding="utf-8")
    inode = target.stat().st_ino
    real_access = os.access

    def folder_closed(path: str | os.PathLike[str], mode: int) -> bool:
        return False if Path(path) == tmp_path else real_access(path, mode)

    monkeypatch.setattr(output.os, "access", folder_closed)
    result = viken("deadlines", "--as-of", AS_OF, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_ino == inode and "Søknadsfrist" in target.read_text(encoding="utf-8")


def test_a_tab_in_a_title_is_a_space_in_every_listing(viken: Invoke, data_copy: Path) -> None:
    """Found in review: a tab reached the piped table raw (rich had expanded it)."""
    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Landbruksmidler (RK og RT)"',
        'title: "Søknadsfrist:\\tLandbruksmidler (RK og RT)"',
    )
    for args in (("deadlines", "--as-of", AS_OF), ("show", "landbruksmidler-soknadsfrist-2021")):
        result = viken("--data-dir", str(data_copy), *args)
        assert "\t" not in result.stdout and "Landbruksmidler (RK" in result.stdout


# --- 5. bounded input ---------------------------------------------------------------------


@POSIX
def test_endless_input_is_refused_at_the_cap_in_little_memory() -> None:
    """``fee --from-csv /dev/zero`` grew to 3.7 GB, then a MemoryError traceback."""
    done, megabytes = run_measured("fee", "--from-csv", "/dev/zero")
    assert done.returncode == 1
    assert "mer enn 32 MiB" in one_error_line(done.stderr)
    assert megabytes < 250, megabytes


@POSIX
def test_an_endless_stdin_is_refused_at_the_cap() -> None:
    with subprocess.Popen(["yes", "Hole,1000"], stdout=subprocess.PIPE) as endless:
        done = run(["fee", "--from-csv", "-"], stdin=endless.stdout)
        endless.kill()
    assert done.returncode == 1
    assert "<stdin>: mer enn 32 MiB" in one_error_line(done.stderr)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_field_over_the_limit_is_one_line(
    viken: Invoke, tmp_path: Path, quoted: bool
) -> None:
    """A field over 128 KiB gave a ``_csv.Error`` traceback."""
    huge = "x" * 200_000
    cell = f'"{huge}"' if quoted else huge
    csv_file = tmp_path / "kommuner.csv"
    csv_file.write_text(f"navn,innbyggere\nHole,{cell}\n", encoding="utf-8")
    result = viken("fee", "--from-csv", str(csv_file))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert line.startswith(f"{csv_file}:2: ") and "kan ikke leses som CSV" in line
    assert len(line) < 300


def test_a_csv_of_a_million_rows_is_refused_at_the_row_limit(viken: Invoke, tmp_path: Path) -> None:
    """A 1 000 000-row CSV took 21 s and 1.1 GB (2.7 GB for JSON)."""
    csv_file = tmp_path / "kommuner.csv"
    csv_file.write_text("navn,innbyggere\n" + "Hole,6500\n" * 1_000_000, encoding="utf-8")
    result = viken("fee", "--from-csv", str(csv_file), "-f", "json")
    assert result.exit_code == 1
    assert "flere enn 10000 kommuner" in one_error_line(result.stderr)
    ten_thousand = tmp_path / "many.csv"
    ten_thousand.write_text("navn,innbyggere\n" + "Hole,6500\n" * 10_000, encoding="utf-8")
    assert viken("fee", "--from-csv", str(ten_thousand), "-f", "csv").exit_code == 0


# --- 6. dates at the ends of the calendar -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: {day: 2021-03-01,", "date: {day: 9999-12-31,"),
        ("date: {day: 2021-03-01,", "date: {day: 0001-01-03,"),
        ("date: {day: 2021-03-01,", "date: {day: 1899-12-31,"),
        ("date: {day: 2021-03-01,", "date: {day: 2200-01-01,"),
        ("date: {day: 2021-03-01,", "date: {month: 2200-01,"),
        ("date: {day: 2021-03-01,", "date: {from: 2021-03-01, to: 9999-12,"),
        ("date: {day: 2021-03-01,", "date: {year: 9999,"),
    ],
)
def test_a_date_outside_1900_to_2199_is_refused_by_validate(
    viken: Invoke, data_copy: Path, old: str, new: str
) -> None:
    """``day: 9999-12-31`` passed validate; then export-ics and timeline died."""
    edit(data_copy / "schemes.yaml", old, new)
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert line.startswith(f"{data_copy / 'schemes.yaml'}:")
    assert "1900" in line and "2199" in line


@pytest.mark.parametrize(
    "args",
    [
        ("deadlines", "--as-of", "9999-12-31", "--within", "30d"),
        ("deadlines", "--as-of", "0001-01-01", "--within", "30d"),
        ("deadlines", "--as-of", "2199-12-20", "--within", "30d"),
        ("deadlines", "--within", "9999y"),
        ("timeline", "--to", "9999-12-31"),
        ("timeline", "--from", "1899-12-31"),
        ("export-ics", "--after", "31.12.9999"),
    ],
)
def test_a_day_outside_1900_to_2199_on_the_command_line_is_a_usage_error(
    viken: Invoke, args: tuple[str, ...]
) -> None:
    result = viken(*args)
    assert result.exit_code == 2
    assert "utenfor årene 1900 til 2199" in one_error_line(result.stderr)


def test_the_first_and_last_days_of_the_range_work_everywhere(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``day: 0001-01-03`` with ``--lead 5`` died reckoning five workdays back."""
    edit(data_copy / "schemes.yaml", "date: {day: 2021-03-01,", "date: {day: 1900-01-03,")
    edit(data_copy / "schemes.yaml", "date: {day: 2021-02-01,", "date: {day: 2199-12-31,")
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    early = viken("deadlines", "--as-of", "1900-01-01", "--within", "1w", "--lead", "5")
    assert early.exit_code == 0, early.stderr
    assert "3. januar 1900" in early.stdout and "desember 1899" in early.stdout
    late = viken("deadlines", "--as-of", "2199-12-10", "--within", "3w", "--lead", "5")
    assert late.exit_code == 0 and "31. desember 2199" in late.stdout
    for args in (
        ("export-ics", "--lead", "5", "--alarm", "7d"),
        ("timeline", "--from", "1900-01-01", "--to", "2199-12-31"),
        ("digest", "--as-of", "2199-12-20", "--lead", "5"),
        ("publish", str(data_copy.parent / "site"), "--as-of", "1900-01-01"),
    ):
        result = viken(*args)
        assert result.exit_code == 0, (args, result.stderr)


# --- 7. links and control characters ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        '"https://viken.no/a\\r\\nX-Evil: 1"',
        '"https://viken.no/\\e]0;pwned\\a"',
        '"https://viken.no/\\u202eevil"',
        '"https://viken.no/a\\u200bb"',
        "javascript:alert(1)",
        "data:text/html,hei",
        "ftp://viken.no/fil",
        "https://viken.no/" + "a" * 2000,
        '"viken.no/med mellomrom"',
    ],
)
def test_a_link_that_is_not_a_plain_web_or_mail_address_is_refused(
    viken: Invoke, data_copy: Path, url: str
) -> None:
    """A URL with CR/LF passed validate and crashed export-ics; ESC/BEL reached the calendar
    raw; ``javascript:`` was accepted."""
    edit(data_copy / "schemes.yaml", "url: viken.no/næringsutvikling", f"url: {url}")
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert ".url: " in line and ("is not a link" in line or "at most 2000 characters" in line)
    assert "\x1b" not in line and "\u202e" not in line and len(line) < 400


@pytest.mark.parametrize(
    "url",
    [
        "https://viken.no/næringsutvikling?a=1&b=2#del",
        "mailto:post@viken.no",
        "ks.no",
        "viken.no?side=1",
        "viken.no#frister",
    ],
)
def test_web_and_mail_addresses_pass(viken: Invoke, data_copy: Path, url: str) -> None:
    edit(data_copy / "schemes.yaml", "url: viken.no/næringsutvikling", f'url: "{url}"')
    assert viken("validate", str(data_copy)).exit_code == 0


OWNER = "    owner: Viken fylkeskommune\n"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (OWNER, OWNER + '    "\\e]0;pwned\\a\\e[2J": 1\n'),
        (OWNER, OWNER + '    "\\nOK: data": 1\n'),
        (OWNER, OWNER + '    "own\\u202eer": 1\n'),
    ],
)  # fmt: skip
def test_validate_never_prints_a_files_control_characters(
    viken: Invoke, data_copy: Path, old: str, new: str
) -> None:
    """An unknown key was printed raw in validate's path: a file could set the window
    title, clear the screen or fake an "OK"."""
    edit(data_copy / "schemes.yaml", old, new)
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u200b]", line), line
    assert "unknown field" in line


def test_a_duplicate_key_with_control_characters_is_shown_escaped(
    viken: Invoke, data_copy: Path
) -> None:
    edit(
        data_copy / "schemes.yaml",
        "    owner: Viken fylkeskommune\n",
        '    owner: Viken fylkeskommune\n    "\\e[2Jx": 1\n    "\\e[2Jx": 2\n',
    )
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1 and "\x1b" not in result.stderr
    assert "duplicate key '\\x1b[2Jx'" in result.stderr


HOSTILE_TITLE = "Frist\x1b]0;pwned\x07 \u202eevil\u202c zero\u200bwidth"


def hostile_title(data: Path) -> None:
    edit(
        data / "schemes.yaml",
        'title: "Søknadsfrist: Landbruksmidler (RK og RT)"',
        f"title: {json.dumps(HOSTILE_TITLE)}",
    )


def test_every_output_shows_control_bidi_and_zero_width_characters_as_codes(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bidi overrides and zero-width characters (U+202E, U+200B) passed everywhere."""
    hostile_title(data_copy)
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    shown = "Frist[U+001B]]0;pwned[U+0007] [U+202E]evil[U+202C] zero[U+200B]width"
    for args in (
        ("deadlines", "--as-of", AS_OF),
        ("show", "landbruksmidler-soknadsfrist-2021"),
        ("timeline", "--as-of", AS_OF, "--width", "200"),
        ("digest", "--as-of", AS_OF),
        ("export-ics",),
    ):
        result = viken(*args)
        assert result.exit_code == 0, (args, result.stderr)
        text = result.stdout
        assert not re.search("[\x1b\x07\u202a-\u202e\u200b]", text), args
        unfolded = re.sub(r"\s+", " ", text.replace("\r\n ", ""))
        assert "Frist[U+001B]" in unfolded, args  # a timeline's label may stop there
        if args[0] != "timeline":
            assert "[U+202E]evil" in unfolded and "[U+200B]" in unfolded, args
    wide = viken("deadlines", "--as-of", AS_OF, env={"COLUMNS": "200"})
    assert shown in wide.stdout
    as_json = viken("deadlines", "--as-of", AS_OF, "-f", "json")
    assert not re.search("[\x1b\x07\u202a-\u202e\u200b]", as_json.stdout)
    titles = [row["title"] for row in json.loads(as_json.stdout)]
    assert HOSTILE_TITLE in titles  # the same value for a program, escaped as \\uXXXX


@POSIX
def test_csv_to_a_terminal_shows_codes_and_to_a_file_keeps_the_data(
    data_copy: Path, tmp_path: Path
) -> None:
    """``-f csv`` passed ESC to a terminal."""
    hostile_title(data_copy)
    args = ["--data-dir", str(data_copy), "deadlines", "--as-of", AS_OF, "-f", "csv"]
    screen = on_a_terminal(args)
    assert "\x1b" not in screen and "\u202e" not in screen
    assert "Frist[U+001B]]0;pwned[U+0007]" in screen
    done = run(args)
    assert done.returncode == 0 and HOSTILE_TITLE in done.stdout  # a file is data
    excel = on_a_terminal([*args, "--excel"])
    assert excel.startswith("id;title;") and "[U+FEFF]" not in excel


def on_a_terminal(args: Sequence[str]) -> str:
    """What the installed ``viken ARGS`` writes to a terminal (a pseudo-terminal)."""
    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("VIKEN_DATA_DIR",)}
    env.update(COLUMNS="200", NO_COLOR="1")
    with subprocess.Popen(
        [str(VIKEN), *args], stdout=child, stderr=subprocess.PIPE, env=env
    ) as process:
        os.close(child)
        chunks: list[bytes] = []
        while True:
            ready, _, _ = select.select([main], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(main)
    assert process.returncode == 0
    return b"".join(chunks).decode("utf-8")


# --- 8. streams and signals ---------------------------------------------------------------


@POSIX
def test_a_closed_stdout_is_one_line_and_a_file_still_works(tmp_path: Path) -> None:
    done = subprocess.run(
        f"exec {VIKEN} deadlines --as-of {AS_OF} >&-",
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "standard ut: lukket" in one_error_line(done.stderr)
    target = tmp_path / "frister.txt"
    done = subprocess.run(
        f"exec {VIKEN} deadlines --as-of {AS_OF} -o {target} >&-",
        shell=True,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Søknadsfrist" in target.read_text(encoding="utf-8")


@POSIX
def test_a_closed_stdin_is_one_line() -> None:
    done = subprocess.run(
        f"exec {VIKEN} fee --from-csv - <&-",
        shell=True,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "<stdin>: kan ikke leses" in one_error_line(done.stderr)


@POSIX
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("validate",), ("deadlines", "-f", "json"), ("export-ics",)])
def test_stdout_on_a_full_disk_is_one_line(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = run(args, stdout=full)
    assert done.returncode == 1
    assert "ikke mer plass på enheten" in one_error_line(done.stderr)
    assert "Exception ignored" not in done.stderr


_INTERRUPTED_AFTER = """
import os, signal, sys
from vikentool.__main__ import main
signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.{name}))
signal.setitimer(signal.ITIMER_REAL, float(sys.argv[1]))
sys.argv = ["viken", "deadlines", "--as-of", "2021-02-26", "--kind", "all"]
try:
    main()
finally:
    signal.setitimer(signal.ITIMER_REAL, 0)  # a run that ended first is not stopped after
"""


@POSIX
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stop_at_any_moment_is_never_a_traceback(name: str) -> None:
    """Ctrl-C in the first 150 ms (while the CLI is imported) printed a traceback. The signal
    comes from a timer started just before ``main``, so that it lands anywhere in the tool's
    own run (before it, in Python's start, nothing of the tool's runs: see SECURITY.md)."""
    number = getattr(signal, name)
    for delay in (0.0001, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32):
        done = subprocess.run(
            [sys.executable, "-c", _INTERRUPTED_AFTER.format(name=name), str(delay)],
            capture_output=True,
            encoding="utf-8",
            check=False,
            timeout=120,
        )
        assert "Traceback" not in done.stderr, (delay, done.stderr)
        # Stopped by the signal, or (Ctrl-C inside a command) "aborted" with 130; a run
        # that ended before the timer fired is 0.
        assert done.returncode in (-number, 130, 0), (delay, done.returncode, done.stderr)


_STOPPED_WHERE_IT_IS_SWALLOWED = """
import os, signal, sys
from vikentool import stop
from vikentool.__main__ import main

class SignalsWhenCollected:
    def __del__(self):
        os.kill(os.getpid(), signal.{name})

class SignalsWhenNamed:
    def __set_name__(self, owner, name):
        os.kill(os.getpid(), signal.{name})

def collected():
    SignalsWhenCollected()  # collected at once: its __del__ is where the handler raises

def named():
    class Holder:  # the handler raises in __set_name__; Python reports a RuntimeError
        attribute = SignalsWhenNamed()

def collected_then_signalled_again():
    collected()
    os.kill(os.getpid(), signal.{name})  # nothing is unwinding: this one must stop the run

installed = stop.install
def install_then_signal():
    installed()
    {where}()
stop.install = install_then_signal
sys.argv = ["viken", {command}]
main()
"""


def signalled_where_python_swallows(
    name: str, command: str, where: str
) -> subprocess.CompletedProcess[str]:
    script = _STOPPED_WHERE_IT_IS_SWALLOWED.format(name=name, command=command, where=where)
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@POSIX
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize(
    "command", ['"deadlines", "--as-of", "2021-02-26"', '"--data-dir", "/nonexistent", "schemes"']
)
def test_a_stop_that_python_swallows_still_stops_the_run(name: str, command: str) -> None:
    """A signal landing in a weak reference's callback while the CLI was imported printed
    "Exception ignored in" with a traceback, and the run went on to exit 0 (seen among stops
    sent at random moments). Wherever the exception is swallowed, the run reports the
    stop, not the listing or the error it went on to make, and ends as any stop does."""
    number = getattr(signal, name)
    done = signalled_where_python_swallows(name, command, where="collected")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    if name == "SIGINT":
        assert (done.returncode, done.stderr) == (130, "viken: avbrutt\n")
    else:
        assert (done.returncode, done.stderr) == (-number, "")


@POSIX
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_after_a_swallowed_stop_stops_the_run_at_once(name: str) -> None:
    """Found in review: after a stop was swallowed, every later signal was ignored (taken for
    one arriving during the first one's cleanup), so a server could only be killed."""
    number = getattr(signal, name)
    command = '"deadlines", "--as-of", "2021-02-26"'
    done = signalled_where_python_swallows(name, command, where="collected_then_signalled_again")
    assert done.stdout == ""  # stopped before the listing, not after it
    assert done.returncode == (-signal.SIGINT if name == "SIGINT" else -number), done.stderr


@POSIX
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stop_that_python_wraps_in_another_error_still_stops_the_run(name: str) -> None:
    """A signal landing while a class was created (``ipaddress`` being imported) came out as
    "RuntimeError: Error calling __set_name__" with a traceback."""
    number = getattr(signal, name)
    done = signalled_where_python_swallows(name, '"deadlines"', where="named")
    assert (done.returncode, done.stderr) == (-number, "")


# --- 9. the environment -------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["1", "-5", "19", "1001", "100000", "abc", ""])
def test_columns_outside_20_to_1000_is_ignored(
    viken: Invoke, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COLUMNS=1 or -5 printed only newlines; COLUMNS=100000 a megabyte of spaces."""
    monkeypatch.delenv("COLUMNS", raising=False)
    plain = viken("timeline", "--as-of", AS_OF)
    for args in (("deadlines", "--as-of", AS_OF), ("timeline", "--as-of", AS_OF), ("schemes",)):
        usual = viken(*args, env={"COLUMNS": "80"})
        odd = viken(*args, env={"COLUMNS": columns})
        assert odd.exit_code == 0 and odd.stdout == usual.stdout, (args, columns)
    assert max(len(line) for line in plain.stdout.splitlines()) <= 80


def test_columns_inside_the_range_is_used(viken: Invoke) -> None:
    narrow = viken("deadlines", "--as-of", AS_OF, env={"COLUMNS": "40"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 40
    wide = viken("deadlines", "--as-of", AS_OF, env={"COLUMNS": "1000"})
    assert max(len(line) for line in wide.stdout.splitlines()) > 80


@POSIX
def test_a_home_that_does_not_exist_is_never_created(tmp_path: Path) -> None:
    """HOME=/nonexistent created /nonexistent/.cache; a relative XDG_CACHE_HOME wrote into the
    current folder."""
    home = tmp_path / "nonexistent"
    env = {"HOME": str(home), "XDG_CACHE_HOME": "relative-cache", "VIKEN_CACHE": "1"}
    done = run(["deadlines", "--as-of", AS_OF], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert listing(tmp_path) == []
    done = run(["deadlines", "--as-of", AS_OF], env={**env, "HOME": ""}, cwd=tmp_path)
    assert done.returncode == 0 and listing(tmp_path) == []


# --- 10. growth ---------------------------------------------------------------------------


def test_a_ten_megabyte_title_is_refused_at_once_without_being_printed(
    viken: Invoke, data_copy: Path
) -> None:
    """``show`` of one record with a 10 MB title ran for over two minutes."""
    words = " ".join(["ordet"] * 1_700_000)
    edit(
        data_copy / "schemes.yaml",
        "name: Støtteordning for næringsutvikling og innovasjon",
        f'name: "{words}"',
    )
    result = viken("--data-dir", str(data_copy), "show", "bio")
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert "at most 10000 characters" in line and len(line) < 300


def test_the_longest_text_allowed_is_shown_whole(viken: Invoke, data_copy: Path) -> None:
    words = " ".join(["ordet"] * 1666)  # 9 995 characters
    edit(
        data_copy / "schemes.yaml",
        "name: Støtteordning for næringsutvikling og innovasjon",
        f'name: "{words}"',
    )
    result = viken(
        "--data-dir", str(data_copy), "show", "stotteordning-naeringsutvikling-og-innovasjon"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("ordet") == 1666


ROW_TEXT = st.lists(
    st.sampled_from(
        [*"abcæøå ABC 12.-–·«»→⚠漢🎉\n", " mars", " 2021", "kr 700 000", " 1. mars 2021", "ordet"]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(ROW_TEXT, ROW_TEXT, ROW_TEXT), min_size=1, max_size=6),
    width=st.integers(40, 140),
    header=st.booleans(),
)
def test_a_plain_listing_is_the_table_rich_would_draw(
    rows: list[tuple[str, str, str]], width: int, header: bool
) -> None:
    """Piped listings are written without rich (1.2 ms a row in rich's table: 48 s for
    50 000), and must give the lines rich's table gives: rich is the oracle."""
    from rich.console import Console
    from rich.table import Table

    titles = ("Når", "Hva", "Type")
    ratios = (0, 5, 2)
    plain = io.StringIO()
    tables.print_listing(
        console(plain, width=width), titles, [tuple(map(Text, r)) for r in rows], ratios,
        header=header,
    )  # fmt: skip
    # A column with nothing in it at all is never drawn (rich gives it no width).
    assume(all(any(row[c].strip() for row in rows) for c in range(3)))
    grid = [[tables.Cell(Text(c)) for c in row] for row in rows]
    measured = [
        [tables._measure(c, r > 0) for c, r in zip(row, ratios, strict=True)] for row in grid
    ]
    widths = tables._widths(titles if header else ("", "", ""), measured, ratios, width)
    if widths is None:  # blocks, not a table: rich draws neither
        return
    drawn = io.StringIO()
    table = Table(box=None, show_edge=False, show_header=header, pad_edge=False, padding=(0, 1))
    for title, size in zip(titles, widths, strict=True):
        table.add_column(title, width=size, overflow="ignore", no_wrap=True)
    for row in grid:
        table.add_row(*(wrapped(c.text, w).to_rich() for c, w in zip(row, widths, strict=True)))
    Console(file=drawn, width=width, no_color=True, highlight=False).print(table)
    lines = drawn.getvalue().split("\n")
    assert plain.getvalue() == "\n".join(line.rstrip() for line in lines)


# --- 11. positions and wide letters -------------------------------------------------------


def test_a_nul_byte_is_reported_where_it_is_on_one_line(viken: Invoke, data_copy: Path) -> None:
    path = data_copy / "schemes.yaml"
    text = path.read_text(encoding="utf-8")
    before = text.index("Støtteordning for næringsutvikling og innovasjon") + len("Støtte")
    path.write_text(text[:before] + "\x00" + text[before:], encoding="utf-8")
    line_number = text.count("\n", 0, before) + 1
    column = before - text.rfind("\n", 0, before)
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert line.startswith(f"{path}:{line_number}:{column}: ") and "U+0000" in line


def test_wide_letters_keep_the_timeline_marks_in_their_columns(
    viken: Invoke, data_copy: Path
) -> None:
    """CJK and emoji titles pushed the timeline's marks into the wrong columns."""
    from rich.cells import cell_len

    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Landbruksmidler (RK og RT)"',
        'title: "漢字漢字漢字漢字漢字漢字漢字漢字漢字 🎉🎉 Landbruksmidler"',
    )
    result = viken(
        "--data-dir", str(data_copy), "timeline", "--from", "2021-01-01", "--to", "2021-06-30"
    )
    assert result.exit_code == 0, result.stderr
    # Landbruksmidler and BIO are both due on 1 March: their marks share a column.
    marks = {
        line.split()[0][:2]: cell_len(line[: line.index("◆")])
        for line in result.stdout.splitlines()
        if "◆" in line and (line.startswith("漢") or line.startswith("Tilskudd til kompetanse"))
    }
    assert len(marks) == 2 and len(set(marks.values())) == 1, marks
