"""The Typer app, its global options, and the one place errors become exit codes.

A ``VikenError`` or a usage error becomes one line on stderr (``viken: error: ...``) and the
contract's exit code (1 data/runtime, 2 usage), never a traceback. Data-file problems are
printed as they are: each line already starts with ``FILE:LINE:COL``.
"""

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from vikentool import __version__
from vikentool.cli.translate import TranslatedGroup, VikenCommand, install, translate_help
from vikentool.errors import DataError, UsageError, VikenError
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
        if arg == "--lang" and index + 1 < len(args):
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
        try:
            given = list(sys.argv[1:] if args is None else args)
            args = choose_language(given)
            translate_help([self, *self.commands.values()])
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except DataError as exc:
            sys.stderr.write("".join(f"{line}\n" for line in exc.lines()))
            _finish(exc.exit_code, standalone_mode)
        except VikenError as exc:
            _fail(str(exc), exc.exit_code, standalone_mode)
        except click_exc.NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            _finish(2, standalone_mode)
        except click_exc.UsageError as exc:
            _fail(usage_message(exc), 2, standalone_mode)
        except click_exc.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code, standalone_mode)
        except typer.Abort:
            sys.stderr.write(f"{PROG}: {_('aborted')}\n")
            _finish(130, standalone_mode)
        except BrokenPipeError:
            # A reader such as `head` closed the pipe: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _finish(0, standalone_mode)
        code = result if isinstance(result, int) else 0
        _finish(code, standalone_mode)
        return result


def _fail(message: str, code: int, standalone_mode: bool) -> NoReturn:
    sys.stderr.write(_("{program}: error: {message}").format(program=PROG, message=message) + "\n")
    _finish(code, standalone_mode)


def _finish(code: int, standalone_mode: bool) -> NoReturn:
    sys.stdout.flush()
    if standalone_mode:
        sys.exit(code)
    raise SystemExit(code)


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
