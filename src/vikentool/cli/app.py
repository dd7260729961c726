"""The Typer app, its global options, and the one place errors become exit codes.

Every line the tool writes to stderr is written here: an error (``_fail``), a warning
(``warn``) or a note (``note``). A ``VikenError`` or a usage error becomes one line on stderr
(``viken: error: ...``) and the contract's exit code (1 data/runtime or an id the data does
not hold, 2 usage), never a traceback. Data-file problems are printed as they are: each line
already starts with ``FILE:LINE:COL``.

Two things about the streams are settled here too, once, before any command runs: text for
people never fails on the encoding of stdout or stderr (see ``prepare_streams``), and a reader
that closes the pipe early (``viken deadlines | head -1``) ends the run quietly with exit 0.
"""

import codecs
import errno
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, TypeVar

import typer
from typer.core import TyperOption

from vikentool import __version__, stop
from vikentool.cli.translate import TranslatedGroup, VikenCommand, install, translate_help
from vikentool.errors import DataError, FileAccessError, UsageError, VikenError
from vikentool.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    _,
    language_from_environment,
    set_language,
)

Command = TypeVar("Command", bound=Callable[..., Any])

if TYPE_CHECKING:
    from vikentool.domain.catalog import Catalog

PROG = "viken"


def choose_language(args: list[str]) -> list[str]:
    """Set the interface language from ``--lang`` (anywhere before ``--``), else
    ``VIKEN_LANG`` or the locale; answer the arguments without ``--lang``, which may come
    before or after the command name."""
    chosen, rest, index = None, [], 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg == "--lang":
            if index + 1 == len(args):
                set_language(DEFAULT_LANGUAGE)
                raise UsageError(_("{option} needs a value").format(option="--lang"))
            chosen, index = args[index + 1], index + 2
            continue
        if arg.startswith("--lang="):
            chosen, index = arg.partition("=")[2], index + 1
            continue
        rest.append(arg)
        index += 1
    source = "--lang"
    if chosen is None:
        chosen, source = language_from_environment(), "VIKEN_LANG"
    chosen = chosen.strip().lower()
    if chosen not in LANGUAGES:
        set_language(DEFAULT_LANGUAGE)
        raise UsageError(
            _("{option}: {value!r} is not one of {choices}").format(
                option=source, value=chosen, choices=", ".join(LANGUAGES)
            )
        )
    set_language(chosen)
    return rest


class VikenGroup(TranslatedGroup):
    """Catches the tool's own errors and click's usage errors once, for every command."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click import exceptions as click_exc

        from vikentool.cli.translate import usage_message

        install()
        prepare_streams()
        try:
            given = list(sys.argv[1:] if args is None else args)
            args = arguments = choose_language(given)
            translate_help([self, *self.commands.values()])
            try:
                result = super().main(
                    args=args,
                    prog_name=prog_name,
                    complete_var=complete_var,
                    standalone_mode=False,  # the run always ends here, by _finish
                    **extra,
                )
            except Exception:
                _report_a_swallowed_stop()  # an error that came of a stop is the stop
                raise
        except FileAccessError as exc:
            _fail(str(exc), exc.exit_code)
        except DataError as exc:
            say("".join(f"{line}\n" for line in exc.lines()))
            _finish(exc.exit_code)
        except VikenError as exc:
            _fail(str(exc), exc.exit_code)
        except click_exc.NoArgsIsHelpError as exc:
            say(exc.format_message() + "\n")
            _finish(2)
        except click_exc.UsageError as exc:
            hint = _split_number_hint(exc, arguments)
            _fail(usage_message(exc, help_hint=not hint) + hint, 2)
        except click_exc.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except typer.Abort:
            _aborted()
        except BrokenPipeError:
            _reader_gone(sys.stdout)
            _finish(0)
        except OSError as exc:
            _fail(_unwritten(exc), 1)  # said before stdout is silenced
        except SystemExit as exc:
            # typer (click) and rich both turn a BrokenPipeError into SystemExit(1), raised
            # while handling it; a reader that has read enough is not a failure of ours. It is
            # stdout's: what goes to stderr goes through say(), which never raises it.
            if not _from_closed_pipe(exc):
                raise
            _reader_gone(sys.stdout)
            _finish(0)
        code = result if isinstance(result, int) else 0
        _finish(code)
        return result


def _split_number_hint(exc: Any, argv: list[str]) -> str:
    """`` (did you mean --population '6 200'? ...)`` when the shell split a number written
    with a space: click took ``6`` as the option's value and calls ``200`` an extra argument.
    Only when every extra argument is a group of three digits after an option given a number
    of one to three digits, as Norwegians group thousands (``6 200``, ``1 250 000``)."""
    ctx = exc.ctx
    if ctx is None or not exc.format_message().startswith("Got unexpected extra argument"):
        return ""
    options = {
        name: param
        for param in ctx.command.params
        if isinstance(param, TyperOption) and not param.is_flag
        for name in param.opts
    }
    fixes: list[str] = []
    extras: list[str] = []
    index = 0
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        after = index + 1
        if name in options and not equals and after < len(argv):
            value, after = argv[after], after + 1
        digits: list[str] = []
        while name in options and after < len(argv) and _digits(argv[after], 3, 3):
            digits.append(argv[after])
            after += 1
        if digits and _digits(value, 1, 3):
            fixes.append(f"{name} '{' '.join([value, *digits])}'")
            extras.extend(digits)
            index = after
        else:
            index += 1
    if not fixes or not exc.format_message().endswith(f"({' '.join(extras)})"):
        return ""
    return (
        " ("
        + _("did you mean {fix}? quote a number written with a space").format(fix=" ".join(fixes))
        + ")"
    )


def _digits(text: str, fewest: int, most: int) -> bool:
    return text.isascii() and text.isdigit() and fewest <= len(text) <= most


def warn(message: str) -> None:
    """A warning on stderr, the one way: ``viken: warning: MESSAGE``."""
    say(_("{program}: warning: {message}").format(program=PROG, message=message) + "\n")


def note(message: str) -> None:
    """What the user should know about a result that is neither an error nor a warning, on
    stderr: ``viken: MESSAGE``."""
    say(f"{PROG}: {message}\n")


def _fail(message: str, code: int) -> NoReturn:
    say(_("{program}: error: {message}").format(program=PROG, message=message) + "\n")
    _finish(code)


def _aborted() -> NoReturn:
    _write_stderr(f"{PROG}: " + _("aborted") + "\n")
    _exit(130)


def _report_a_swallowed_stop() -> None:
    """A signal whose exception something on its way swallowed (see ``vikentool.stop``) is
    reported as the stop, never as the error the run made of it. Checked when the command
    has ended, not at each message: what it did after the signal (a mail sent, then its
    record written) is finished and kept, not cut between its steps."""
    signum = stop.requested()
    if signum == signal.SIGINT:
        _aborted()
    if signum is not None:
        raise stop.Stopped(signum)


def say(text: str) -> None:
    """``text`` on stderr (errors, warnings, notes), with any character a terminal would act
    on shown as its code; nothing if stderr is a pipe nobody reads any more: the command's
    output on stdout goes on."""
    _write_stderr(text)


def _write_stderr(text: str) -> None:
    from vikentool.render.terminal import clean

    try:
        sys.stderr.write(clean(text))
        sys.stderr.flush()
    except BrokenPipeError:
        _reader_gone(sys.stderr)
    except OSError:  # stderr full or gone: nowhere left to say anything; the exit code tells
        _reader_gone(sys.stderr)


def _finish(code: int) -> NoReturn:
    _report_a_swallowed_stop()
    _exit(code)


def _exit(code: int) -> NoReturn:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone(sys.stdout)
    except OSError as exc:
        if code == 0:  # an error already said is the one to report
            say(_("{program}: error: {message}").format(program=PROG, message=_unwritten(exc)))
            say("\n")
        _silence_stdout()
        code = code or 1
    raise SystemExit(code)


# What a write to standard output can fail with; an error of any other kind that reaches
# the top is the tool's own (a current folder that was removed), and stdout is left alone.
_STDOUT_ERRORS = {errno.EBADF, errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT}


def _unwritten(exc: OSError) -> str:
    """One line for a system error that reached the top: the file it names; else, for an
    error of writing, standard output."""
    from vikentool.errors import os_reason

    if exc.filename is not None:
        return f"{exc.filename}: {os_reason(exc)}"
    if exc.errno not in _STDOUT_ERRORS:
        return os_reason(exc)
    return _("standard output: {reason}").format(reason=os_reason(exc))


def _silence_stdout() -> None:
    """Point stdout's descriptor (only it: stderr may share its terminal) at os.devnull, so
    that what is still buffered cannot fail again at exit."""
    _to_devnull([_fileno(sys.stdout)])


def _from_closed_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was raised while handling, a BrokenPipeError."""
    seen: BaseException | None = exc
    for _step in range(8):  # the chain is short; a cycle must not loop
        if seen is None:
            return False
        if isinstance(seen, BrokenPipeError):
            return True
        seen = seen.__context__
    return False


def _reader_gone(broken: TextIO) -> None:
    """The reader of ``broken`` closed the pipe: point it (and the other of stdout and stderr,
    when that is the same pipe) at os.devnull, so that what is still buffered, flushed at exit,
    has nowhere to fail (Python would print "Exception ignored ... BrokenPipeError" and exit
    120)."""
    fds = [_fileno(s) for s in (broken, sys.stdout, sys.stderr)]
    if fds[0] is None:  # not a file (a test's buffer): no pipe to close
        return
    _to_devnull(fd for fd in fds if fd is not None and _same_file(fd, fds[0]))


def _to_devnull(fds: Iterable[int | None]) -> None:
    """Point each of ``fds`` (``None``: a stream with no file, left alone) at os.devnull."""
    targets = {fd for fd in fds if fd is not None}
    if not targets:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in targets:
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _fileno(stream: TextIO | None) -> int | None:
    try:
        return stream.fileno() if stream is not None else None
    except (AttributeError, OSError, ValueError):
        return None


def _same_file(fd: int, other: int) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.fstat(other))
    except OSError:
        return False


def prepare_streams() -> None:
    """Text for people never fails on the terminal's encoding. Where stdout or stderr cannot
    encode every character (cp1252 when Windows redirects to a file, ASCII under
    ``LC_ALL=C``), they write a character they lack as an ASCII stand-in
    (``render.terminal.ascii_stand_in``: ``⚠`` as ``!``, ``ø`` as ``oe``) instead of raising
    UnicodeEncodeError. JSON, CSV and calendars do not pass through here: they are written
    as UTF-8 bytes (``render.emit``). On UTF-8 streams this is one codec lookup each."""
    for stream in (sys.stdout, sys.stderr):
        encoding = _codec_name(getattr(stream, "encoding", None))
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding is None or encoding.startswith("utf") or reconfigure is None:
            continue
        from vikentool.render import terminal

        terminal.register_ascii_fallback()
        if encoding == "ascii":
            reconfigure(encoding=terminal.ASCII_CODEC, errors=terminal.ASCII_FALLBACK)
        else:
            reconfigure(errors=terminal.ASCII_FALLBACK)


def _codec_name(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


app = typer.Typer(
    cls=VikenGroup,
    name=PROG,
    help=N_(
        "Funding schemes, deadlines, hearings, regional plans and the KS learning network "
        "for Viken municipalities, from the source documents in the data files."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(name: str | None = None, **settings: Any) -> Callable[[Command], Command]:
    """``app.command`` for a command whose help speaks the interface language."""
    return app.command(name, cls=VikenCommand, **settings)


@dataclass
class State:
    """What the global options chose; the catalog is loaded on first use, once."""

    data_dir: Path | None = None
    _catalog: "Catalog | None" = field(default=None, repr=False)

    def catalog(self) -> "Catalog":
        if self._catalog is None:
            from vikentool.model.load import load_catalog

            self._catalog = load_catalog(self.data_dir)
        return self._catalog


def state(ctx: typer.Context) -> State:
    found = ctx.find_object(State)
    return found if found is not None else State()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="VIKEN_DATA_DIR",
            help=N_(
                "Use the data files in DIR (same layout as the embedded data/) "
                "instead of the embedded ones. Also: $VIKEN_DATA_DIR."
            ),
            metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version.")),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_(
                "Interface language: nb (bokmål, the default), nn (nynorsk) or en (English); "
                "may also follow the command. Also: $VIKEN_LANG, then the locale (LANG). "
                "JSON and CSV are the same in every language."
            ),
            metavar="LANG",
        ),
    ] = None,
) -> None:
    ctx.obj = State(data_dir=data_dir)
