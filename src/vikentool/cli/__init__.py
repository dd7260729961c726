"""The ``viken`` command: Typer over the library. Importing ``commands`` registers them; the
process starts in ``vikentool.__main__``."""

from vikentool.cli import commands
from vikentool.cli.app import app

__all__ = ["app", "commands"]
