"""``viken publish``: the tree it writes, read back as files, HTML, calendars, JSON, CSV and
Atom. The same site in a real browser is in ``test_site_browser.py``."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from tests.conftest import MOVED_ID, Invoke, edit, move_deadline
from tests.test_ics import khal_with

AS_OF = "2021-03-15"
BASE = "https://kommune.example/frister/"
ATOM = "{http://www.w3.org/2005/Atom}"


class Page(HTMLParser):
    """The parts of a page the tests look at: every element's attributes, the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.elements if tag == "a" and "href" in a]

    def by_id(self, element_id: str) -> dict[str, str]:
        return next(a for _tag, a in self.elements if a.get("id") == element_id)


def publish(viken: Invoke, target: Path, *args: str) -> Path:
    result = viken("publish", str(target), "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded data's site, published once with --base-url (read-only for the tests)."""
    from typer.testing import CliRunner

    from vikentool.cli import app

    target = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(
        app, ["publish", str(target), "--as-of", AS_OF, "--base-url", BASE], env={}
    )
    assert result.exit_code == 0, result.output
    return target


def page(site: Path, name: str) -> Page:
    return Page((site / name).read_text(encoding="utf-8"))


# --- the tree ---------------------------------------------------------------------------------


def test_the_tree_has_a_page_per_record_and_a_feed_per_kind_and_scheme(
    site: Path, catalog: object
) -> None:
    from vikentool.domain.catalog import Catalog

    assert isinstance(catalog, Catalog)
    files = set(tree(site))
    for name in ("index.html", "subscribe.html", "timeline.html", "timeline.svg",
                 "schemes/index.html", "plans/index.html", "networks/index.html",
                 "deadlines.json", "deadlines.csv", "changes.atom", "style.css", "filter.js",
                 "feeds/all.ics", "feeds/applications.ics", "feeds/hearings.ics",
                 "feeds/milestones.ics", "feeds/sessions.ics"):  # fmt: skip
        assert name in files, name
    for scheme in catalog.schemes:
        assert f"schemes/{scheme.id}.html" in files
        assert f"feeds/schemes/{scheme.id}.ics" in files
    for plan in catalog.plans:
        assert f"plans/{plan.id}.html" in files
    for hearing in catalog.hearings:
        assert f"hearings/{hearing.id}.html" in files
    for network in catalog.networks:
        assert f"networks/{network.id}.html" in files


def test_every_item_is_on_the_front_page_with_its_words_as_written(
    site: Path, catalog: object
) -> None:
    """Never hide a deadline, never invent a date: every item (undated ones too) is listed,
    and beside its date stand the document's words, exactly."""
    from vikentool.domain.catalog import Catalog

    assert isinstance(catalog, Catalog)
    front = page(site, "index.html")
    listed = [a for tag, a in front.elements if tag == "li" and "entry" in a.get("class", "")]
    assert sorted(a["id"] for a in listed) == sorted(i.id for i in catalog.items)
    for item in catalog.items:
        assert f"«{item.date.as_written}»" in front.text or item.date.as_written in front.text


def test_uncertain_dates_are_marked_and_worded_as_the_terminal_words_them(
    site: Path, catalog: object
) -> None:
    from vikentool.domain.catalog import Catalog
    from vikentool.render.present import MARK, date_text

    assert isinstance(catalog, Catalog)
    text = (site / "index.html").read_text(encoding="utf-8")
    for item in catalog.items:
        block = re.search(rf'<li class="entry" id="{item.id}".*?</li>\n', text, re.S)
        assert block is not None, item.id
        words = date_text(item.date)
        assert ('<span class="mark"' in block.group()) == words.startswith(MARK + " "), item.id
        shown = re.search(r'<strong class="date">(.*?)</strong>', block.group(), re.S)
        assert shown is not None
        assert html.unescape(shown.group(1)) == words.removeprefix(MARK + " "), item.id


def test_due_next_comes_first_in_order_of_the_next_possible_day(site: Path) -> None:
    rows = json.loads((site / "deadlines.json").read_text(encoding="utf-8"))
    ahead = [r for r in rows if r["status"] in ("today", "now", "upcoming")]
    ahead.sort(key=lambda r: r["next_possible"])
    html = (site / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="_ahead"') : html.index("</section>", html.index('id="_ahead"'))]
    shown = re.findall(r'<li class="entry" id="([^"]+)"', section)
    assert set(shown) == {r["id"] for r in ahead}
    days = {r["id"]: r["next_possible"] for r in ahead}
    assert [days[i] for i in shown] == sorted(days[i] for i in shown)


def test_json_and_csv_are_what_viken_deadlines_prints(viken: Invoke, site: Path) -> None:
    args = ("deadlines", "--kind", "all", "--include-undated", "--as-of", AS_OF)
    printed = viken(*args, "--format", "json")
    assert (site / "deadlines.json").read_text(encoding="utf-8") == printed.stdout
    printed_csv = viken(*args, "--format", "csv")
    assert (site / "deadlines.csv").read_bytes() == printed_csv.stdout_bytes
    rows = list(csv.DictReader(io.StringIO(printed_csv.stdout)))
    assert len(rows) == len(json.loads(printed.stdout)) > 0


def test_the_site_speaks_the_interface_language(viken: Invoke, tmp_path: Path) -> None:
    for language, words in (("nb", "Forfaller snart"), ("nn", "Forfell snart"),
                            ("en", "Due next")):  # fmt: skip
        target = publish(viken, tmp_path / language, "--lang", language)
        html = (target / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in html
        assert words in html
        # Machine-readable copies never change with the language.
        assert json.loads((target / "deadlines.json").read_text())[0]["kind"] in (
            "milestone", "application_deadline", "hearing_deadline", "hearing_reply",
            "announcement", "session",
        )  # fmt: skip


# --- feeds and subscribe links ----------------------------------------------------------------


def test_every_feed_parses_strictly_and_holds_the_items_of_its_topic(
    site: Path, catalog: object
) -> None:
    from vikentool.domain.catalog import Catalog
    from vikentool.domain.kinds import ALL_KINDS
    from vikentool.render.site.build import KIND_FEEDS

    assert isinstance(catalog, Catalog)
    kinds_covered = [k for _slug, _title, kinds in KIND_FEEDS for k in kinds]
    assert sorted(kinds_covered) == sorted(ALL_KINDS), "every kind in exactly one feed"
    records: dict[str, set[str]] = {}
    for path in sorted((site / "feeds").rglob("*.ics")):
        data = path.read_bytes()
        IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        calendar = Calendar.from_ical(data)
        assert calendar["REFRESH-INTERVAL"].to_ical() == b"P1D"
        # Alternatives are one event each (-alt2, ...): one record id for all of them.
        records[path.relative_to(site).as_posix()] = {
            re.sub(r"-alt\d+$", "", str(e["UID"]).split("@")[0]) for e in calendar.walk("VEVENT")
        }
    assert records["feeds/all.ics"] == {i.id for i in catalog.items if i.date.is_dated}
    for slug, _title, kinds in KIND_FEEDS:
        expected = {i.id for i in catalog.items if i.kind in kinds and i.date.is_dated}
        assert records[f"feeds/{slug}.ics"] == expected, slug
    for scheme in catalog.schemes:
        expected = {i.id for i in catalog.items_of(scheme.id) if i.date.is_dated}
        assert records[f"feeds/schemes/{scheme.id}.ics"] == expected, scheme.id


def test_a_feed_is_the_calendar_export_ics_writes(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One DTSTAMP for every feed of a site; export-ics takes its own from the items it
    # writes. With SOURCE_DATE_EPOCH both take that one, and the bytes are the same.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1614297600")
    target = publish(viken, tmp_path / "public")
    exported = viken(
        "export-ics", "--kind", "hearing_deadline", "--kind", "hearing_reply",
        "--name", "Viken: Høringer",
    ).stdout_bytes  # fmt: skip
    assert (target / "feeds/hearings.ics").read_bytes() == exported


def test_khal_imports_a_scheme_feed(site: Path, tmp_path: Path) -> None:
    khal_run = khal_with(tmp_path, (site / "feeds/schemes/bio.ics").read_bytes())
    listed = khal_run("list", "--once", "--format", "{start-date} {title}", "2021-03-01",
                      "2021-03-01")  # fmt: skip
    assert "Søknadsfrist: Tilskudd til kompetanseheving" in listed


def test_subscribe_links_carry_the_feed_addresses(site: Path) -> None:
    subscribe = page(site, "subscribe.html")
    hrefs = subscribe.hrefs()
    https = BASE + "feeds/schemes/rff.ics"
    webcal = "webcal://kommune.example/frister/feeds/schemes/rff.ics"
    assert https in hrefs and webcal in hrefs
    google = [h for h in hrefs if h.startswith("https://calendar.google.com/")]
    outlook = [h for h in hrefs if h.startswith("https://outlook.live.com/")]
    assert len(google) == len(outlook) == len([h for h in hrefs if h.startswith("webcal://")])
    assert webcal in [parse_qs(urlsplit(h).query)["cid"][0] for h in google]
    queries = [parse_qs(urlsplit(h).query) for h in outlook]
    assert https in [q["url"][0] for q in queries]
    assert all(q["name"][0].startswith("Viken: ") for q in queries)
    atom = ET.parse(site / "changes.atom").getroot()
    assert atom.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "changes.atom"  # type: ignore[union-attr]


def test_without_a_base_url_the_page_says_how_to_subscribe(viken: Invoke, tmp_path: Path) -> None:
    target = publish(viken, tmp_path / "public")
    subscribe = page(target, "subscribe.html")
    assert not [h for h in subscribe.hrefs() if h.startswith(("webcal:", "https://calendar"))]
    assert "feeds/all.ics" in subscribe.hrefs()
    assert "viken publish --base-url" in subscribe.text
    assert "Abonner fra nettet" in subscribe.text


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.no/",
        "https://",
        "example.no",
        "https://x/?a=1",
        "https://x.no/#",
        "http://[::1",
        "https://user:pw@x.no/",
        "https://x.no/my site/",
        "https://x.no:99999/",
    ],
)
def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(
    viken: Invoke, tmp_path: Path, url: str
) -> None:
    result = viken("publish", str(tmp_path / "public"), "--base-url", url)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--base-url" in result.stderr
    assert not (tmp_path / "public").exists()


# --- the change feed ------------------------------------------------------------------------


def test_the_atom_feed_has_an_entry_per_recorded_move(
    viken: Invoke, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    empty = publish(viken, tmp_path / "before")
    root = ET.parse(empty / "changes.atom").getroot()
    assert root.findall(f"{ATOM}entry") == []
    move_deadline(data_copy)
    moved = publish(viken, tmp_path / "after")
    # Not yet announced on the reference day: a move is news from the day it was made.
    assert ET.parse(moved / "changes.atom").getroot().findall(f"{ATOM}entry") == []
    later = viken("publish", str(tmp_path / "later"), "--as-of", "2021-04-21",
                  "--base-url", BASE)  # fmt: skip
    assert later.exit_code == 0, later.stderr
    root = ET.parse(tmp_path / "later" / "changes.atom").getroot()
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title", "").startswith("Flyttet: ")
    assert entry.findtext(f"{ATOM}updated") == "2021-04-20T00:00:00+02:00"
    assert root.findtext(f"{ATOM}updated") == "2021-04-20T00:00:00+02:00"
    summary = entry.findtext(f"{ATOM}summary", "")
    assert "«Kvalifiseringsprosjekter 1.mai»" in summary and "«Ny frist: 2021-05-18»" in summary
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"{BASE}schemes/rff.html#{MOVED_ID}"
    # The id names the change: the same wherever the site is published.
    again = publish(viken, tmp_path / "again")
    del again
    other = viken("publish", str(tmp_path / "other"), "--as-of", "2021-05-01")  # fmt: skip
    assert other.exit_code == 0
    other_root = ET.parse(tmp_path / "other" / "changes.atom").getroot()
    assert other_root.find(f"{ATOM}entry/{ATOM}id").text == entry.findtext(f"{ATOM}id")  # type: ignore[union-attr]
    # The record page shows the move too.
    rff = (tmp_path / "later" / "schemes" / "rff.html").read_text(encoding="utf-8")
    assert "Flyttet fra" in rff


# --- writing the tree -------------------------------------------------------------------------


def test_two_runs_give_the_same_bytes_and_times(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1614297600")
    first = publish(viken, tmp_path / "one", "--base-url", BASE)
    second = publish(viken, tmp_path / "two", "--base-url", BASE)
    assert tree(first) == tree(second)
    times = {p.stat().st_mtime for p in first.rglob("*")} | {first.stat().st_mtime}
    assert times == {1614297600}


def test_publishing_again_replaces_the_whole_tree(viken: Invoke, tmp_path: Path) -> None:
    target = publish(viken, tmp_path / "public")
    # A page an earlier run published (its scheme since removed from the data).
    (target / "schemes" / "gone.html").write_text("stale")
    with (target / ".viken-site").open("a", encoding="utf-8") as marker:
        marker.write("schemes/gone.html\n")
    inode = target.stat().st_ino
    publish(viken, target, "--lang", "en")
    assert not (target / "schemes" / "gone.html").exists()
    assert 'lang="en"' in (target / "index.html").read_text(encoding="utf-8")
    assert target.stat().st_ino != inode, "a new tree is swapped in, not written over"
    assert [p.name for p in tmp_path.iterdir()] == ["public"], "nothing left beside it"


def test_a_folder_that_holds_other_files_is_never_replaced(viken: Invoke, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("years of work")
    result = viken("publish", str(home), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "viken publish" not in result.stderr
    assert "thesis" not in result.stderr and str(home) in result.stderr
    assert [p.name for p in home.iterdir()] == ["thesis.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


@pytest.mark.parametrize("case", ["file", "missing-parent"])
def test_a_target_that_cannot_be_a_folder_is_one_line(
    viken: Invoke, tmp_path: Path, case: str
) -> None:
    target = tmp_path / "file.txt"
    if case == "file":
        target.write_text("x")
    else:
        target = tmp_path / "missing" / "public"
    result = viken("publish", str(target), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith("viken: feil: ") and result.stderr.count("\n") == 1


def test_an_empty_folder_is_published_into(viken: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    publish(viken, target)
    assert (target / "index.html").is_file() and (target / ".viken-site").is_file()


# --- hostile data -----------------------------------------------------------------------------

HOSTILE_TITLE = "<script>alert('x')</script> \"quoted\" 'single' \u202eevil\u202c"


def test_hostile_text_and_addresses_render_inert(
    viken: Invoke, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    edit(
        data_copy / "schemes.yaml",
        "    name: Landbruksmidler (RK og RT)\n",
        f"    name: {json.dumps(HOSTILE_TITLE)}\n",
    )
    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Reiselivsordningen (støtte til destinasjonsselskapene)"',
        f"title: {json.dumps(HOSTILE_TITLE)}",
    )
    target = publish(viken, tmp_path / "public", "--base-url", BASE)
    pages = {name: data.decode("utf-8") for name, data in tree(target).items()
             if name.endswith(".html")}  # fmt: skip
    for name, text in pages.items():
        assert "<script>alert" not in text, name
        assert "\u202e" not in text and "\u202c" not in text, name
        for tag, attributes in Page(text).elements:
            assert not [a for a in attributes if a.startswith("on")], (name, tag)
            for key in ("href", "src", "action"):
                assert not attributes.get(key, "").strip().lower().startswith("javascript")
            assert tag != "script" or attributes == {"src": "filter.js"}, name
    front = Page(pages["index.html"])
    assert "[U+202E]evil[U+202C]" in front.text
    assert "<script>alert('x')</script> \"quoted\" 'single'" in front.text
    outlook = [h for h in Page(pages["subscribe.html"]).hrefs() if "outlook" in h]
    names = [parse_qs(urlsplit(h).query)["name"][0] for h in outlook]
    assert any("<script>" in n for n in names), "the name is in the query, encoded"
    atom = (target / "changes.atom").read_bytes()
    ET.fromstring(atom)  # still well-formed XML
    for feed in (target / "feeds").rglob("*.ics"):
        IcsCalendarStream.calendar_from_ics(feed.read_text(encoding="utf-8"))


# --- the preview server -----------------------------------------------------------------------


def test_serve_answers_on_localhost_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    viken_program = Path(sys.executable).parent / "viken"
    env = {**os.environ, "VIKEN_LANG": "en", "PYTHONUNBUFFERED": "1"}
    env.pop("VIKEN_DATA_DIR", None)
    process = subprocess.Popen(
        [str(viken_program), "publish", str(tmp_path / "public"), "--as-of", AS_OF,
         "--serve", "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        published = process.stderr.readline()
        assert published.startswith("viken: published ")
        serving = process.stderr.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", serving)
        assert address is not None, serving
        with urllib.request.urlopen(address.group() + "index.html", timeout=10) as response:
            assert response.status == 200
            assert b"<h1>Deadlines and dates in Viken</h1>" in response.read()
        with urllib.request.urlopen(address.group() + "feeds/all.ics", timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()


def test_port_without_serve_is_a_usage_error(viken: Invoke, tmp_path: Path) -> None:
    result = viken("publish", str(tmp_path / "public"), "--port", "8080")
    assert result.exit_code == 2 and "--serve" in result.stderr


# --- the README's picture -----------------------------------------------------------------


def test_the_readme_screenshot_shows_what_publish_writes(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "site_screenshot.py"
    spec = importlib.util.spec_from_file_location("site_screenshot", path)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1614297600")
    result = viken("publish", str(tmp_path / "site"), *script.PUBLISH_ARGS)
    assert result.exit_code == 0, result.stderr
    stored = script.stored_fingerprint(script.PICTURE)
    assert stored == script.fingerprint(tmp_path / "site"), (
        "docs/site-front.png no longer shows the front page viken publish writes: "
        "run python scripts/site_screenshot.py"
    )
    assert "docs/site-front.png" in (path.parent.parent / "README.md").read_text()


def test_a_file_added_to_a_published_folder_is_never_lost(viken: Invoke, tmp_path: Path) -> None:
    """A gh-pages checkout: the site viken wrote, then a CNAME and a .git beside it."""
    target = publish(viken, tmp_path / "public")
    target.chmod(0o2750)
    (target / "CNAME").write_text("frister.kommune.example\n")
    result = viken("publish", str(target), "--as-of", AS_OF)
    assert result.exit_code == 1 and "CNAME" in result.stderr
    assert result.stderr.count("\n") == 1
    assert (target / "CNAME").read_text() == "frister.kommune.example\n"
    (target / "CNAME").unlink()
    publish(viken, target)
    assert target.stat().st_mode & 0o7777 == 0o2750, "the folder keeps its permissions"


def test_the_atom_feed_stays_well_formed_whatever_the_data_holds(
    viken: Invoke, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    move_deadline(data_copy, new_day="2021-05-18")
    edit(data_copy / "schemes.yaml", 'as_written: "Ny frist: 2021-05-18"',
         'as_written: "Ny frist \\u202eevil \\x1b[31m \\uffff <b>&"')  # fmt: skip
    target = publish(viken, tmp_path / "public", "--as-of", "2021-04-21")
    root = ET.parse(target / "changes.atom").getroot()
    (entry,) = root.findall(f"{ATOM}entry")
    summary = entry.findtext(f"{ATOM}summary", "")
    assert "[U+202E]evil" in summary and "<b>&" in summary and "\x1b" not in summary
