"""The ``viken`` command: a thin Typer layer over the library.

Errors are handled once, in ``VikenGroup.main``: a ``VikenError`` or a usage error becomes
one line on stderr and the contract's exit code (1 data/runtime, 2 usage), never a traceback.
Heavy modules (pydantic, rich, icalendar, holidays) are imported inside the commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from vikentool import __version__
from vikentool.errors import DataError, VikenError

if TYPE_CHECKING:
    from vikentool.catalog import Catalog


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

        prog = prog_name or "viken"
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except DataError as exc:
            # Each line already names its file, line and column.
            sys.stderr.write("".join(f"{line}\n" for line in exc.lines()))
            _finish(exc.exit_code, standalone_mode)
        except VikenError as exc:
            sys.stderr.write(f"{prog}: error: {exc}\n")
            _finish(exc.exit_code, standalone_mode)
        except click_exc.NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            _finish(2, standalone_mode)
        except click_exc.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else prog
            hint = f" (see '{where} --help')" if exc.ctx is not None else ""
            sys.stderr.write(f"{where}: error: {exc.format_message()}{hint}\n")
            _finish(2, standalone_mode)
        except click_exc.ClickException as exc:
            sys.stderr.write(f"{prog}: error: {exc.format_message()}\n")
            _finish(exc.exit_code, standalone_mode)
        except typer.Abort:
            sys.stderr.write(f"{prog}: aborted\n")
            _finish(130, standalone_mode)
        except BrokenPipeError:
            # A reader such as `head` closed the pipe: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _finish(0, standalone_mode)
        code = result if isinstance(result, int) else 0
        _finish(code, standalone_mode)
        return result


def _finish(code: int, standalone_mode: bool) -> NoReturn:
    sys.stdout.flush()
    if standalone_mode:
        sys.exit(code)
    raise SystemExit(code)


app = typer.Typer(
    cls=VikenGroup,
    name="viken",
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
    """What the global options chose; the catalog is loaded on first use only."""

    data_dir: Path | None = None
    _catalog: Catalog | None = field(default=None, repr=False)

    def catalog(self) -> Catalog:
        if self._catalog is None:
            from vikentool.catalog import load_catalog

            self._catalog = load_catalog(self.data_dir)
        return self._catalog


def state(ctx: typer.Context) -> State:
    found = ctx.find_object(State)
    return found if found is not None else State()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"viken {__version__}\n")
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


# --- shared options -------------------------------------------------------------------------


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (for people), json (array of flat objects) or csv (with a header).",
        case_sensitive=False,
    ),
]


# --- validate and schema --------------------------------------------------------------------


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Data directory to check (default: --data-dir, $VIKEN_DATA_DIR, or the "
            "embedded data).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a data directory; print counts per kind, or every error as FILE:LINE:COL."""
    from vikentool.catalog import load_catalog

    chosen = directory if directory is not None else state(ctx).data_dir
    catalog = load_catalog(chosen)
    lines = [f"OK: {catalog.location}"]
    counts = catalog.summary()
    width = max(len(k) for k in counts)
    lines += [f"  {name:<{width}}  {count:>5}" for name, count in counts.items()]
    sys.stdout.write("\n".join(lines) + "\n")


class SchemaFile(StrEnum):
    schemes = "schemes"
    plans = "plans"
    contacts = "contacts"


@app.command()
def schema(
    file: Annotated[
        SchemaFile | None,
        typer.Argument(help="One file's schema; default: all three, keyed by file name."),
    ] = None,
) -> None:
    """Print the JSON Schema of the data files (editors use it to check YAML as you type)."""
    import json

    from vikentool.models import FILE_MODELS, json_schema

    if file is not None:
        document: Any = json_schema(f"{file.value}.yaml")
    else:
        document = {name: json_schema(name) for name in FILE_MODELS}
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()
