"""Typer's and click's own words in the interface language.

Typer looks up a few words through gettext (section headings, "default", "required"); those
go through our catalogs. The click that Typer vendors writes its messages in English without
gettext, so its usage errors are reworded here from the exception's own fields, and the
help pages get a formatter and a help option that speak the interface language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from typer._click import exceptions as click_exc
from typer._click.core import Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from vikentool.i18n import N_, _

# The messages typer.core looks up with gettext; listed here so the catalogs carry them.
TYPER_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)
HELP_OPTION = N_("Show this message and exit.")


def install() -> None:
    """Let typer.core's gettext lookups use our catalogs."""
    import typer.core

    typer.core._ = _  # type: ignore[attr-defined]


def translate_help(commands: Iterable[Any]) -> None:
    """Put each command's and option's help into the interface language. Typer builds fresh
    command objects for every run, holding the English texts the code declares."""
    for command in commands:
        for attribute in ("help", "short_help", "epilog"):
            text = getattr(command, attribute, None)
            if text:
                setattr(command, attribute, _(text))
        for parameter in command.params:
            if getattr(parameter, "help", None):
                parameter.help = _(parameter.help)


class VikenFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class VikenContext(Context):
    formatter_class = VikenFormatter


class _TranslatedHelpOption:
    context_class: type[Context] = VikenContext

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help == HELP_OPTION:
            option.help = _(HELP_OPTION)
        return option


class VikenCommand(_TranslatedHelpOption, TyperCommand):
    """Every ``viken`` command: help pages in the interface language."""


class TranslatedGroup(_TranslatedHelpOption, TyperGroup):
    """The ``viken`` group: help pages in the interface language."""


def _quoted_list(text: str) -> str:
    return ", ".join(part.strip().strip("'") for part in text.split(","))


# click's own wording -> ours, for the messages click builds from fixed English text.
_CLICK_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"Option '(?P<option>[^']+)' requires an argument\."),
        lambda m: _("{option} needs a value").format(option=m["option"]),
    ),
    (
        re.compile(r"Option '(?P<option>[^']+)' does not take a value\."),
        lambda m: _("{option} takes no value").format(option=m["option"]),
    ),
    (
        re.compile(r"Option '(?P<option>[^']+)' requires (?P<count>\d+) arguments\."),
        lambda m: _("{option} needs {count} values").format(option=m["option"], count=m["count"]),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<arguments>.*)\)"),
        lambda m: _("unexpected extra argument(s): {arguments}").format(arguments=m["arguments"]),
    ),
    (
        # typer.core adds this to "No such command", which our catalogs already translated.
        re.compile(r"(?P<message>.*)\. Did you mean (?P<names>.*)\?", re.DOTALL),
        lambda m: m["message"] + ". " + _("Did you mean {names}?").format(names=m["names"]),
    ),
    (
        re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*)\.", re.DOTALL),
        lambda m: _("{value} is not one of {choices}").format(
            value=repr(m["value"]), choices=_quoted_list(m["choices"])
        ),
    ),
)


def _reworded(message: str) -> str:
    for pattern, reword in _CLICK_PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            return reword(found)
    return message


def _hint_of(parameter: Parameter | None, given: Any) -> str:
    if given is not None:
        names = [given] if isinstance(given, str) else list(given)
        return " / ".join(names)
    if parameter is None:
        return ""
    if parameter.param_type_name == "option":
        return " / ".join(parameter.opts)
    return (parameter.metavar or parameter.name or "").upper()


def usage_message(exc: click_exc.UsageError, help_hint: bool = True) -> str:
    """A usage error of click's in the interface language, with the help hint."""
    if isinstance(exc, click_exc.NoSuchOption):
        text = _("no such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            text += " " + _("(did you mean {options}?)").format(
                options=", ".join(sorted(exc.possibilities))
            )
    elif isinstance(exc, click_exc.MissingParameter):
        hint = _hint_of(exc.param, exc.param_hint)
        if exc.param_type == "argument" or (exc.param and exc.param.param_type_name == "argument"):
            text = _("missing argument {name}").format(name=hint)
        else:
            text = _("missing option {name}").format(name=hint)
    elif isinstance(exc, click_exc.BadParameter):
        hint = _hint_of(exc.param, exc.param_hint)
        text = _("invalid value for {option}: {problem}").format(
            option=hint, problem=_reworded(exc.message)
        )
    else:
        text = _reworded(exc.format_message())
    if help_hint and exc.ctx is not None:
        text += " " + _("(see '{command} --help')").format(command=exc.ctx.command_path)
    return text
