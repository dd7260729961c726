"""The Typer app, its global options, and the one place errors become exit codes.

Every line the tool writes to stderr is written here: an error (``_fail``), a warning
(``warn``) or a note (``note``). A ``VikenError`` or a usage error becomes one line on stderr
(``viken: error: ...``) and the contract's exit code (1 data/runtime or an id the data does
not hold, 2 usage), never a traceback. Data-file problems are printed as they are: each line
already starts with ``FILE:LINE:COL``.
"""

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup, TyperOption

from vikentool import __version__
from vikentool.errors import DataError, FileAccessError, VikenError
from vikentool.i18n import _

if TYPE_CHECKING:
    from vikentool.domain.catalog import Catalog

PROG = "viken"


class VikenGroup(TyperGroup):
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

        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except FileAccessError as exc:
            _fail(str(exc), exc.exit_code, standalone_mode)
        except DataError as exc:
            sys.stderr.write("".join(f"{line}\n" for line in exc.lines()))
            _finish(exc.exit_code, standalone_mode)
        except VikenError as exc:
            _fail(str(exc), exc.exit_code, standalone_mode)
        except click_exc.NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            _finish(2, standalone_mode)
        except click_exc.UsageError as exc:
            hint = _split_number_hint(exc, sys.argv[1:] if args is None else list(args))
            if not hint and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            _fail(exc.format_message() + hint, 2, standalone_mode)
        except click_exc.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code, standalone_mode)
        except typer.Abort:
            sys.stderr.write(f"{PROG}: aborted\n")
            _finish(130, standalone_mode)
        except BrokenPipeError:
            # A reader such as `head` closed the pipe: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _finish(0, standalone_mode)
        code = result if isinstance(result, int) else 0
        _finish(code, standalone_mode)
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
    sys.stderr.write(f"{PROG}: warning: {message}\n")


def note(message: str) -> None:
    """What the user should know about a result that is neither an error nor a warning, on
    stderr: ``viken: MESSAGE``."""
    sys.stderr.write(f"{PROG}: {message}\n")


def _fail(message: str, code: int, standalone_mode: bool) -> NoReturn:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    _finish(code, standalone_mode)


def _finish(code: int, standalone_mode: bool) -> NoReturn:
    sys.stdout.flush()
    if standalone_mode:
        sys.exit(code)
    raise SystemExit(code)


app = typer.Typer(
    cls=VikenGroup,
    name=PROG,
    help=(
        "Funding schemes, deadlines, hearings, regional plans and the KS learning network "
        "for Viken municipalities, from the source documents in the data files."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
            help="Use the data files in DIR (same layout as the embedded data/) "
            "instead of the embedded ones. Also: $VIKEN_DATA_DIR.",
            metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State(data_dir=data_dir)
