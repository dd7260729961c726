"""The ``viken`` command: Typer over the library. Importing ``commands`` registers them."""

from vikentool.cli import commands
from vikentool.cli.app import app

__all__ = ["app", "commands", "main"]


def main() -> None:
    app()
