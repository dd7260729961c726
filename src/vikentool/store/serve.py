"""A preview of a published site on this machine only: a plain HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from vikentool import stop
from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _

# The types a calendar program or a feed reader checks; the rest as Python knows them.
TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # The base declares this as a plain attribute that its instances read.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}  # noqa: RUF012

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, port: int, ready: Callable[[str], None]) -> None:
    """Serve ``folder`` on 127.0.0.1:``port`` (0: any free port) until interrupted; ``ready``
    is told the address first."""
    handler = partial(_QuietHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise OutputError(
            _("cannot serve on 127.0.0.1:{port} ({reason})").format(
                port=port, reason=os_reason(exc)
            )
        ) from None
    with server:
        ready(f"http://127.0.0.1:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            stop.handled()  # Ctrl-C is how a server is ended: the command is done, not stopped
